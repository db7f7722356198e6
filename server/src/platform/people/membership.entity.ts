import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';
import { Body } from '../bodies/body.entity.js';
import { Person } from './person.entity.js';

export const membershipRoles = ['OFFICIAL', 'SECRETARIAT', 'BODY_ADMIN'] as const;
export type MembershipRole = (typeof membershipRoles)[number];

/** A person's seat in a body, with the roles that decide who is convened and who may prepare meetings. */
const MembershipSchema = defineEntity({
  name: 'Membership',
  schema: 'platform',
  tableName: 'membership',
  properties: {
    id: p.uuid().primary(),
    person: () => p.manyToOne(Person),
    body: () => p.manyToOne(Body),
    roles: p.array<MembershipRole>(),
    mandateStart: p.date().nullable(),
    mandateEnd: p.date().nullable(),
    ...timestampProperties,
  },
});

export class Membership extends MembershipSchema.class {}
MembershipSchema.setClass(Membership);
