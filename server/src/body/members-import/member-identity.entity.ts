import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';

/** A member's name as an import split it, and birth date: tells homonyms apart, finds a person imported twice. */
const MemberIdentitySchema = defineEntity({
  name: 'MemberIdentity',
  schema: '*',
  tableName: 'member_identity',
  properties: {
    personId: p.uuid().primary(),
    familyName: p.string(),
    givenName: p.string(),
    birthDate: p.date().nullable(),
    ...timestampProperties,
  },
});

export class MemberIdentity extends MemberIdentitySchema.class {}
MemberIdentitySchema.setClass(MemberIdentity);
