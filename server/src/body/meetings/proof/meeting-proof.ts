import { CartableError, ErrorCode } from '../../../common/errors.js';
import { Convocation } from '../../convocations/convocation.entity.js';
import { followUpOf, type FollowUp } from '../../convocations/receipts/follow-up.js';
import type { Meeting } from '../meeting.entity.js';
import { findMeeting } from '../meeting.service.js';
import type { Body } from '../../../platform/bodies/body.entity.js';
import type { BodyContext } from '../../../tenancy/body-context.js';
import { seanceRecord, type SeanceRecord } from '../../seance/seance-record.js';
import { verifyLedger, type LedgerVerification } from '../../../evidence/ledger.js';
import { TimestampAnchor } from '../../../evidence/timestamp-anchor.entity.js';
import { MeetingChange } from '../../changes/meeting-change.entity.js';

/** Everything the proof file of a meeting states, read once. */
export interface MeetingProof {
  body: Body;
  meeting: Meeting;
  convocations: Convocation[];
  /** Its cancellation and moves, in order. */
  changes: MeetingChange[];
  anchors: TimestampAnchor[];
  followUp: FollowUp[];
  ledger: LedgerVerification;
  /** The séance, when one was opened: its course, quorum checks and votes. */
  seance: SeanceRecord | null;
  generatedAt: Date;
}

export async function meetingProof(ctx: BodyContext, meetingId: string): Promise<MeetingProof> {
  const { body, em } = ctx;
  const meeting = await findMeeting(em, meetingId);
  const convocations = await em.find(Convocation, { meetingId: meeting.id }, { orderBy: { sequence: 'asc' } });
  if (convocations.length === 0)
    throw new CartableError(ErrorCode.PreconditionFailed, 'Cette séance n’a pas encore été convoquée : il n’y a rien à prouver.', {
      reason: 'NOT_CONVENED',
    });
  const [anchors, followUp, ledger, seance, changes] = await Promise.all([
    em.find(TimestampAnchor, { meetingId: meeting.id }, { orderBy: { createdAt: 'asc' } }),
    followUpOf(em, meeting.id),
    verifyLedger(em.fork(), body.id),
    seanceRecord(ctx, meeting.id),
    em.find(MeetingChange, { meetingId: meeting.id }, { orderBy: { sequence: 'asc' } }),
  ]);
  return { body, meeting, convocations, changes, anchors, followUp, ledger, seance, generatedAt: ctx.now() };
}
