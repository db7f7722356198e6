import type { EntityManager } from '@mikro-orm/postgresql';
import { CartableError, ErrorCode, NotFoundError } from '../../../common/errors.js';
import { recordMeetingEvents } from '../../../evidence/meeting-events.js';
import { TextPdfWriter } from '../../../media/pdf-text.js';
import type { Body } from '../../../platform/bodies/body.entity.js';
import type { StoragePort } from '../../../storage/storage.port.js';
import { Convocation, ConvocationRecipient, Delivery } from '../convocation.entity.js';
import { frenchDate, frenchLocalDate } from '../../../common/french.js';
import { convocationText, meetingLink } from './convocation-text.js';
import { sha256Hex, type ConvocationManifest } from '../send/manifest.js';
import type { ConvocationSettings } from '../convocation-settings.js';

/**
 * The printable convocation letter of one official who asked for paper (L2121-10), from the manifest of
 * the send (or of the send previewed).
 */
export async function renderConvocationLetter(
  manifest: ConvocationManifest,
  recipient: { displayName: string; postalAddress?: string | null },
  publicUrl: string,
): Promise<Uint8Array> {
  const sentAt = new Date(manifest.convocation.sentAt);
  const text = convocationText(manifest, { link: meetingLink(publicUrl, manifest.body.id, manifest.meeting.id) });
  const writer = await TextPdfWriter.create({
    title: text.subject,
    author: manifest.body.name,
    footer: `${manifest.body.name} — convocation ${manifest.convocation.id}`,
    createdAt: sentAt,
  });
  writer.text(manifest.body.name, { size: 14, bold: true }).text(manifest.meeting.assembly.name, { gapAfter: 24 });
  writer.text(recipient.displayName, { bold: true, indent: 280 });
  for (const line of (recipient.postalAddress ?? '').split(/\r?\n/)) writer.text(line, { indent: 280 });
  writer.space(24).text(`Le ${frenchDate(sentAt, manifest.body.timeZone)}`, { align: 'right', gapAfter: 16 });
  writer.text(`Objet : ${text.subject}`, { bold: true, gapAfter: 12 });
  for (const paragraph of text.opening) writer.text(paragraph, { gapAfter: 8 });
  writer.heading('Ordre du jour', 11);
  for (const line of text.agenda) writer.text(line, { indent: 12 });
  writer.space(8);
  for (const paragraph of text.closing) writer.text(paragraph, { gapAfter: 8 });
  writer.space(16).text('Le président', { align: 'right' });
  return writer.save();
}

export function letterStorageKey(bodyId: string, deliveryId: string): string {
  return `${bodyId}/letters/${deliveryId}.pdf`;
}

/** The letter job: renders the PDF once, stores it, and chains its hash; the secretariat prints and posts it. */
export async function generateLetter(
  settings: ConvocationSettings,
  storage: StoragePort,
  publicUrl: string,
  body: Body,
  em: EntityManager,
  deliveryId: string,
): Promise<void> {
  const delivery = await em.findOne(Delivery, { id: deliveryId });
  if (!delivery || delivery.letterKey) return;
  const recipient = await em.findOneOrFail(ConvocationRecipient, { id: delivery.recipientId });
  const convocation = await em.findOneOrFail(Convocation, { id: recipient.convocationId });
  const pdf = Buffer.from(await renderConvocationLetter(convocation.manifest, recipient, publicUrl));
  const key = letterStorageKey(body.id, delivery.id);
  await storage.write(key, pdf, 'application/pdf');
  await em.transactional(async (tx) => {
    const updated = await tx.nativeUpdate(Delivery, { id: delivery.id, letterKey: null }, { letterKey: key });
    if (updated === 0) return;
    await recordMeetingEvents(
      tx,
      body.id,
      recipient.meetingId,
      [{ kind: 'LETTER_GENERATED', payload: { deliveryId: delivery.id, personId: recipient.personId, sha256: sha256Hex(pdf), address: delivery.address } }],
      settings.anchorBatchSeconds,
    );
  });
}

/** The secretariat records the day the letter was posted (the date the law looks at for paper). */
export async function recordLetterPosted(settings: ConvocationSettings, body: Body, em: EntityManager, deliveryId: string, postedOn: string, recordedBy: string): Promise<Delivery> {
  return em.transactional(async (tx) => {
    const delivery = await tx.findOne(Delivery, { id: deliveryId });
    if (!delivery || delivery.channel !== 'LETTER') throw new NotFoundError('Courrier introuvable.');
    if (delivery.status === 'POSTED') throw new CartableError(ErrorCode.Conflict, `Ce courrier est déjà enregistré comme posté le ${frenchLocalDate(delivery.postedOn!)}.`);
    const recipient = await tx.findOneOrFail(ConvocationRecipient, { id: delivery.recipientId });
    delivery.status = 'POSTED';
    delivery.postedOn = postedOn;
    await tx.flush();
    await recordMeetingEvents(tx, body.id, recipient.meetingId, [{ kind: 'LETTER_POSTED', payload: { deliveryId, personId: recipient.personId, postedOn, recordedBy } }], settings.anchorBatchSeconds);
    return delivery;
  });
}
