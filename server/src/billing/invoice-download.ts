import type { MikroORM } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { z } from 'zod';
import type { SignedLinks } from '../http/signed-links.js';
import { IssuedInvoice } from './billing.entity.js';

export const invoicePath = '/invoices';
export const invoiceLinkPurpose = 'cartable-invoice-download';
const invoiceGrantSchema = z.object({ invoiceId: z.uuid(), expiresAt: z.iso.datetime() });
/** Minutes a Factur-X link stays valid (the page asks for a new one when it reloads). */
const linkLifetimeSeconds = 600;

/** A short-lived link to an invoice's Factur-X PDF; the caller has checked that the viewer may see it. */
export function invoiceLink(links: SignedLinks, invoice: Pick<IssuedInvoice, 'id' | 'number' | 'kind'>): string {
  const fileName = `${invoice.kind === 'INVOICE' ? 'facture' : 'avoir'}-${invoice.number}.pdf`;
  return links.issue(invoicePath, invoiceLinkPurpose, { invoiceId: invoice.id }, linkLifetimeSeconds, fileName).url;
}

/** `GET /invoices/<link>/<file>`: the Factur-X PDF of a signed link, as issued (never regenerated). */
export function createInvoiceDownloadRouter(deps: { orm: MikroORM; links: SignedLinks }): Router {
  const router = Router();
  router.get('/:token/:file', async (request, response, next) => {
    try {
      const grant = deps.links.read(invoiceLinkPurpose, invoiceGrantSchema, request.params.token);
      const invoice = grant ? await deps.orm.em.fork().findOne(IssuedInvoice, { id: grant.invoiceId }, { populate: ['pdf'] }) : null;
      if (!invoice) {
        response.status(404).json({ error: 'not_found', message: 'Lien invalide ou expiré.' });
        return;
      }
      response.setHeader('content-type', 'application/pdf');
      response.setHeader('content-disposition', `attachment; filename="${invoice.kind === 'INVOICE' ? 'facture' : 'avoir'}-${invoice.number}.pdf"`);
      response.setHeader('cache-control', 'private, no-store');
      response.setHeader('x-content-sha256', invoice.pdfSha256);
      response.end(Buffer.from(invoice.pdf));
    } catch (error) {
      next(error);
    }
  });
  return router;
}
