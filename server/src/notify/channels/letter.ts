import { frenchDate } from '../../common/french.js';
import { TextPdfWriter } from '../../media/pdf-text.js';
import type { DeliveryChannel } from './channel.js';

/**
 * The printed letter, for the officials who asked for paper (CGCT L2121-10), to the postal address they
 * gave: rendered as a PDF by the letter job, printed and posted by the secretariat, who records the day.
 */
export const letterChannel: DeliveryChannel<'LETTER', Promise<Uint8Array>, null> = {
  id: 'LETTER',
  label: 'courrier papier',
  mode: 'PAPER',
  offReason: () => null,
  addressOf: (contact) => contact.postalAddress,
  async render(notice, addressee) {
    const writer = await TextPdfWriter.create({
      title: notice.subject,
      author: notice.from.name,
      footer: `${notice.from.name} — ${notice.reference}`,
      createdAt: notice.dated,
    });
    writer.text(notice.from.name, { size: 14, bold: true }).text(notice.from.unit, { gapAfter: 24 });
    writer.text(addressee.name, { bold: true, indent: 280 });
    for (const line of (addressee.address ?? '').split(/\r?\n/)) writer.text(line, { indent: 280 });
    writer.space(24).text(`Le ${frenchDate(notice.dated, notice.timeZone)}`, { align: 'right', gapAfter: 16 });
    writer.text(`Objet : ${notice.subject}`, { bold: true, gapAfter: 12 });
    for (const paragraph of notice.opening) writer.text(paragraph, { gapAfter: 8 });
    writer.heading(notice.list.title, 11);
    for (const line of notice.list.lines) writer.text(line, { indent: 12 });
    writer.space(8);
    for (const paragraph of notice.closing) writer.text(paragraph, { gapAfter: 8 });
    writer.space(16).text(notice.signature, { align: 'right' });
    return writer.save();
  },
  open: async () => null,
};
