import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';

/**
 * A political group of the body's officials (groupe d'élus): CGCT L2121-28 for communes of more than
 * 1,000 inhabitants, L3121-24 for départements, L4132-23 for régions.
 */
const PoliticalGroupSchema = defineEntity({
  name: 'PoliticalGroup',
  schema: '*',
  tableName: 'political_group',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    shortName: p.string(),
    color: p.string(),
    ...timestampProperties,
  },
});

export class PoliticalGroup extends PoliticalGroupSchema.class {}
PoliticalGroupSchema.setClass(PoliticalGroup);

/** A period of one official in one group: one group at a time in the body (null end: still a member). */
const PoliticalGroupMemberSchema = defineEntity({
  name: 'PoliticalGroupMember',
  schema: '*',
  tableName: 'political_group_member',
  properties: {
    id: p.uuid().primary(),
    group: () => p.manyToOne(PoliticalGroup),
    personId: p.uuid(),
    startDate: p.date(),
    endDate: p.date().nullable(),
    ...timestampProperties,
  },
});

export class PoliticalGroupMember extends PoliticalGroupMemberSchema.class {}
PoliticalGroupMemberSchema.setClass(PoliticalGroupMember);
