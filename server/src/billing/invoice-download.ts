import type { MikroORM } from '@mikro-orm/postgresql';
import { Router } from 'express';
import { z } from 'zod';
import type { SignedLinks } from '../http/signed-links.js';
import { Body } from '../platform/bodies/body.entity.js';
import { IssuedInvoice } from './billing.entity.js';
import { statementsCsv, statementsPdf } from './statement-export.js';
import { parseMonth, statementsOfMonth } from './statements.js';

export const invoicePath = '/invoices';
export const invoiceLinkPurpose = 'cartable-invoice-download';
const invoiceGrantSchema = z.object({ invoiceId: z.uuid(), expiresAt: z.iso.datetime() });
export const statementsLinkPurpose = 'cartable-statements-export';
const statementsGrantSchema = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  format: z.enum(['csv', 'pdf']),
  expiresAt: z.iso.datetime(),
});
/** Minutes a Factur-X link stays valid (the page asks for a new one when it reloads). */
const linkLifetimeSeconds = 600;

/** A short-lived link to an invoice's Factur-X PDF; the caller has checked that the viewer may see it. */
export function invoiceLink(links: SignedLinks, invoice: Pick<IssuedInvoice, 'id' | 'number' | 'kind'>): string {
  const fileName = `${invoice.kind === 'INVOICE' ? 'facture' : 'avoir'}-${invoice.number}.pdf`;
  return links.issue(invoicePath, invoiceLinkPurpose, { invoiceId: invoice.id }, linkLifetimeSeconds, fileName).url;
}

/** Short-lived links to a month's statements as CSV and PDF; the caller has checked the viewer coordinates. */
export function statementsLinks(links: SignedLinks, month: string): { csvUrl: string; pdfUrl: string } {
  const link = (format: 'csv' | 'pdf') =>
    links.issue(`${invoicePath}/releves`, statementsLinkPurpose, { month, format }, linkLifetimeSeconds, `releves-${month}.${format}`).url;
  return { csvUrl: link('csv'), pdfUrl: link('pdf') };
}

/**
 * `GET /invoices/<link>/<file>`: the Factur-X PDF of a signed link, as issued (never regenerated);
 * `GET /invoices/releves/<link>/<file>`: a month's statements of every body, as CSV or PDF.
 */
export function createInvoiceDownloadRouter(deps: { orm: MikroORM; links: SignedLinks }): Router {
  const router = Router();
  router.get('/releves/:token/:file', async (request, response, next) => {
    try {
      const grant = deps.links.read(statementsLinkPurpose, statementsGrantSchema, request.params.token);
      if (!grant) {
        response.status(404).json({ error: 'not_found', message: 'Lien invalide ou expiré.' });
        return;
      }
      const em = deps.orm.em.fork();
      const statements = await statementsOfMonth(em, parseMonth(grant.month));
      const names = new Map(
        (await em.find(Body, { id: { $in: statements.map((statement) => statement.bodyId) } })).map((body) => [body.id, body.name]),
      );
      const named = statements
        .map((statement) => ({ ...statement, bodyName: names.get(statement.bodyId) ?? '' }))
        .sort((a, b) => a.bodyName.localeCompare(b.bodyName, 'fr'));
      const fileName = `releves-${grant.month}.${grant.format}`;
      response.setHeader('content-disposition', `attachment; filename="${fileName}"`);
      response.setHeader('cache-control', 'private, no-store');
      if (grant.format === 'csv') {
        response.setHeader('content-type', 'text/csv; charset=utf-8');
        response.end(statementsCsv(named));
      } else {
        response.setHeader('content-type', 'application/pdf');
        response.end(Buffer.from(await statementsPdf(grant.month, named, 'Coordination du groupement')));
      }
    } catch (error) {
      next(error);
    }
  });
  router.get('/:token/:file', async (request, response, next) => {
    try {
      const grant = deps.links.read(invoiceLinkPurpose, invoiceGrantSchema, request.params.token);
      const invoice = grant ? await deps.orm.em.fork().findOne(IssuedInvoice, { id: grant.invoiceId }, { populate: ['pdf'] }) : null;
      if (!invoice) {
        response.status(404).json({ error: 'not_found', message: 'Lien invalide ou expiré.' });
        return;
      }
      response.setHeader('content-type', 'application/pdf');
      response.setHeader(
        'content-disposition',
        `attachment; filename="${invoice.kind === 'INVOICE' ? 'facture' : 'avoir'}-${invoice.number}.pdf"`,
      );
      response.setHeader('cache-control', 'private, no-store');
      response.setHeader('x-content-sha256', invoice.pdfSha256);
      response.end(Buffer.from(invoice.pdf));
    } catch (error) {
      next(error);
    }
  });
  return router;
}
