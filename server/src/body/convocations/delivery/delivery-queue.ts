import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { CartableError, ErrorCode } from '../../../common/errors.js';
import { uuidv7 } from '../../../common/ids.js';
import { enqueueJobs, type JobSpec } from '../../../jobs/job-queue.js';
import type { Meeting } from '../../meetings/meeting.entity.js';
import { deliveryChannel } from '../../../notify/channels/registry.js';
import { Delivery, type DeliveryChannel, type DeliveryPurpose } from '../convocation.entity.js';
import { convocationTaskNames } from '../task-names.js';

/**
 * Locks a meeting until the end of the caller's transaction and checks that messages sent after the
 * convocation (a reminder, a resend) may go: it is convened and has not started.
 */
export async function lockOpenMeeting(tx: EntityManager, meeting: Meeting, now: Date): Promise<void> {
  await tx.lock(meeting, LockMode.PESSIMISTIC_WRITE);
  const refuse = (reason: string, message: string) => new CartableError(ErrorCode.PreconditionFailed, message, { reason });
  if (meeting.status === 'DRAFT') throw refuse('NOT_CONVENED', 'Cette séance n’a pas encore été convoquée.');
  if (meeting.status === 'CANCELLED') throw refuse('MEETING_CANCELLED', 'Cette séance est annulée.');
  if (meeting.status !== 'CONVENED' || meeting.startsAt <= now) throw refuse('MEETING_PAST', 'La séance a déjà commencé.');
}

/** The job that sends one electronic delivery, or renders one letter (a paper channel). */
export function deliveryJob(bodyId: string, delivery: Pick<Delivery, 'id' | 'channel'>): JobSpec {
  return {
    task: deliveryChannel(delivery.channel).mode === 'PAPER' ? convocationTaskNames.letter : convocationTaskNames.deliver,
    payload: { bodyId, deliveryId: delivery.id },
    jobKey: `delivery:${delivery.id}`,
  };
}

export interface NewDelivery {
  recipientId: string;
  channel: DeliveryChannel;
  purpose: DeliveryPurpose;
  /** Deterministic: a delivery whose key exists already is not created again. */
  sendKey: string;
  address: string;
  /** A CHANGE delivery: the cancellation or move it announces. */
  meetingChangeId?: string | null;
}

/**
 * Creates, in the caller's transaction, the deliveries whose send key is new and queues their jobs; a
 * job that runs again after its commit finds its deliveries already there. Returns those created.
 */
export async function queueDeliveries(tx: EntityManager, bodyId: string, wanted: readonly NewDelivery[]): Promise<Delivery[]> {
  if (wanted.length === 0) return [];
  const done = new Set(
    (await tx.find(Delivery, { sendKey: { $in: wanted.map((delivery) => delivery.sendKey) } })).map((delivery) => delivery.sendKey),
  );
  const deliveries = wanted
    .filter((delivery) => !done.has(delivery.sendKey))
    .map((delivery) => tx.create(Delivery, { id: uuidv7(), ...delivery, status: 'PENDING' }));
  await tx.flush();
  await enqueueJobs(
    tx,
    deliveries.map((delivery) => deliveryJob(bodyId, delivery)),
  );
  return deliveries;
}
