import { CartableError, ErrorCode, NotFoundError } from '../../../common/errors.js';
import { recordMeetingEvents } from '../../../evidence/meeting-events.js';
import { deliveryChannel } from '../../../notify/channels/registry.js';
import { letterChannel } from '../../../notify/channels/letter.js';
import type { BodyContext, BodyServices } from '../../../tenancy/body-context.js';
import { Convocation, ConvocationRecipient, Delivery } from '../convocation.entity.js';
import { frenchLocalDate } from '../../../common/french.js';
import { convocationNotice } from './convocation-notice.js';
import { sha256Hex } from '../send/manifest.js';
import type { ActingContext } from '../convocation-context.js';

export function letterStorageKey(bodyId: string, deliveryId: string): string {
  return `${bodyId}/letters/${deliveryId}.pdf`;
}

/** What the letter job reads of its context: the body, its data, the storage and the convocation settings. */
export type LetterContext = Pick<BodyContext, 'body' | 'em'> & { services: Pick<BodyServices, 'convocations' | 'documents'> };

/**
 * The letter job: renders the PDF of one official who asked for paper (L2121-10) once, from the manifest
 * of the send, as the letter channel renders it; stores it, and chains its hash. The secretariat prints
 * and posts it.
 */
export async function generateLetter(ctx: LetterContext, deliveryId: string): Promise<void> {
  const { body, em, services } = ctx;
  const delivery = await em.findOne(Delivery, { id: deliveryId });
  if (!delivery || delivery.letterKey) return;
  const recipient = await em.findOneOrFail(ConvocationRecipient, { id: delivery.recipientId });
  const convocation = await em.findOneOrFail(Convocation, { id: recipient.convocationId });
  const notice = convocationNotice(convocation.manifest, { publicUrl: services.convocations.publicUrl });
  const pdf = Buffer.from(await letterChannel.render(notice, { name: recipient.displayName, address: recipient.postalAddress ?? null }));
  const key = letterStorageKey(body.id, delivery.id);
  await services.documents.storage.write(key, pdf, 'application/pdf');
  await em.transactional(async (tx) => {
    const updated = await tx.nativeUpdate(Delivery, { id: delivery.id, letterKey: null }, { letterKey: key });
    if (updated === 0) return;
    await recordMeetingEvents(
      tx,
      body.id,
      recipient.meetingId,
      [
        {
          kind: 'LETTER_GENERATED',
          payload: { deliveryId: delivery.id, personId: recipient.personId, sha256: sha256Hex(pdf), address: delivery.address },
        },
      ],
      services.convocations.anchorBatchSeconds,
    );
  });
}

/** The secretariat records the day the letter was posted (the date the law looks at for paper). */
export async function recordLetterPosted(
  ctx: ActingContext,
  { deliveryId, postedOn }: { deliveryId: string; postedOn: string },
): Promise<Delivery> {
  const recordedBy = ctx.actor.personId;
  return ctx.em.transactional(async (tx) => {
    const delivery = await tx.findOne(Delivery, { id: deliveryId });
    if (!delivery || deliveryChannel(delivery.channel).mode !== 'PAPER') throw new NotFoundError('Courrier introuvable.');
    if (delivery.status === 'POSTED')
      throw new CartableError(ErrorCode.Conflict, `Ce courrier est déjà enregistré comme posté le ${frenchLocalDate(delivery.postedOn!)}.`);
    const recipient = await tx.findOneOrFail(ConvocationRecipient, { id: delivery.recipientId });
    delivery.status = 'POSTED';
    delivery.postedOn = postedOn;
    await tx.flush();
    await recordMeetingEvents(
      tx,
      ctx.body.id,
      recipient.meetingId,
      [{ kind: 'LETTER_POSTED', payload: { deliveryId, personId: recipient.personId, postedOn, recordedBy } }],
      ctx.services.convocations.anchorBatchSeconds,
    );
    return delivery;
  });
}
