import type { EntityManager } from '@mikro-orm/postgresql';
import { CartableError, ErrorCode, NotFoundError } from '../../../common/errors.js';
import { recordMeetingEvents } from '../../../evidence/meeting-events.js';
import { deliveryChannel } from '../../../notify/channels/registry.js';
import { letterChannel } from '../../../notify/channels/letter.js';
import type { Body } from '../../../platform/bodies/body.entity.js';
import type { StoragePort } from '../../../storage/storage.port.js';
import { Convocation, ConvocationRecipient, Delivery } from '../convocation.entity.js';
import { frenchLocalDate } from '../../../common/french.js';
import { convocationNotice } from './convocation-notice.js';
import { sha256Hex, type ConvocationManifest } from '../send/manifest.js';
import type { ConvocationSettings } from '../convocation-settings.js';

/**
 * The printable convocation letter of one official who asked for paper (L2121-10), from the manifest of
 * the send (or of the send previewed), as the letter channel renders it.
 */
export function renderConvocationLetter(manifest: ConvocationManifest, recipient: { displayName: string; postalAddress?: string | null }, publicUrl: string): Promise<Uint8Array> {
  return letterChannel.render(convocationNotice(manifest, { publicUrl }), { name: recipient.displayName, address: recipient.postalAddress ?? null });
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
    if (!delivery || deliveryChannel(delivery.channel).mode !== 'PAPER') throw new NotFoundError('Courrier introuvable.');
    if (delivery.status === 'POSTED') throw new CartableError(ErrorCode.Conflict, `Ce courrier est déjà enregistré comme posté le ${frenchLocalDate(delivery.postedOn!)}.`);
    const recipient = await tx.findOneOrFail(ConvocationRecipient, { id: delivery.recipientId });
    delivery.status = 'POSTED';
    delivery.postedOn = postedOn;
    await tx.flush();
    await recordMeetingEvents(tx, body.id, recipient.meetingId, [{ kind: 'LETTER_POSTED', payload: { deliveryId, personId: recipient.personId, postedOn, recordedBy } }], settings.anchorBatchSeconds);
    return delivery;
  });
}
