import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';
import { Meeting } from '../meetings/meeting.entity.js';

export const agendaItemKinds = ['DELIBERATION', 'INFORMATION', 'COMMUNICATION', 'DESIGNATION'] as const;
export type AgendaItemKind = (typeof agendaItemKinds)[number];

/** An item of a meeting's agenda; `position` is consecutive among siblings, its number derives from it. */
const AgendaItemSchema = defineEntity({
  name: 'AgendaItem',
  schema: '*',
  tableName: 'agenda_item',
  properties: {
    id: p.uuid().primary(),
    meeting: () => p.manyToOne(Meeting),
    parentId: p.uuid().nullable(),
    position: p.integer(),
    title: p.string(),
    kind: p.enum(agendaItemKinds),
    rapporteur: p.string().nullable(),
    icpe: p.boolean(),
    closedSession: p.boolean(),
    /** Adopts the budget primitif (a délibération): excluded from remote participation (CGCT L5211-11-1). */
    budgetPrimitif: p.boolean().default(false),
    ...timestampProperties,
  },
});

export class AgendaItem extends AgendaItemSchema.class {}
AgendaItemSchema.setClass(AgendaItem);
