import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../db/timestamps.js';

export const anchorKinds = ['MANIFEST', 'EVENTS'] as const;
export type AnchorKind = (typeof anchorKinds)[number];

/**
 * An RFC 3161 token over exact bytes kept beside it: a send manifest, or a batch of the meeting's
 * ledger entries (`firstSequence`..`lastSequence`). The proof bundle ships both, for `openssl ts -verify`.
 */
const TimestampAnchorSchema = defineEntity({
  name: 'TimestampAnchor',
  schema: '*',
  tableName: 'timestamp_anchor',
  properties: {
    id: p.uuid().primary(),
    meetingId: p.uuid(),
    kind: p.enum(anchorKinds),
    convocationId: p.uuid().nullable(),
    firstSequence: p.bigint('number').nullable(),
    lastSequence: p.bigint('number').nullable(),
    content: p.blob(),
    contentSha256: p.string(),
    token: p.blob(),
    genTime: p.datetime(),
    authority: p.string(),
    ...timestampProperties,
  },
});
export class TimestampAnchor extends TimestampAnchorSchema.class {}
TimestampAnchorSchema.setClass(TimestampAnchor);
