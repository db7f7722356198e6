import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';
import { agendaItemKinds, type AgendaItemKind } from '../../body/agenda/agenda-item.entity.js';
import type { MembershipRole } from '../../platform/people/membership.entity.js';

/** One step of a circuit: a named validator (a person of the body) or a role (any member holding it), and an optional delegate who may skip it. */
export interface CircuitStep {
  label: string;
  validatorPersonId: string | null;
  validatorRole: MembershipRole | null;
  delegatePersonId: string | null;
}

/** Which agenda item kinds must come from a projet whose circuit has ended before they are convened. */
const CircuitSettingsSchema = defineEntity({
  name: 'CircuitSettings',
  schema: '*',
  tableName: 'circuit_settings',
  properties: {
    id: p.boolean().primary(),
    itemKinds: p.array().$type<AgendaItemKind[]>(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export class CircuitSettings extends CircuitSettingsSchema.class {}
CircuitSettingsSchema.setClass(CircuitSettings);

/** A validation circuit of the body: ordered steps. */
const CircuitSchema = defineEntity({
  name: 'Circuit',
  schema: '*',
  tableName: 'circuit',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    steps: p.json<CircuitStep[]>(),
    ...timestampProperties,
  },
});
export class Circuit extends CircuitSchema.class {}
CircuitSchema.setClass(Circuit);

export const projetStatuses = ['DRAFT', 'IN_VALIDATION', 'SENT_BACK', 'APPROVED'] as const;
export type ProjetStatus = (typeof projetStatuses)[number];
export { agendaItemKinds };

/** A projet de délibération and its rapport, written by an agent, on its way through a circuit to an agenda. */
const ProjetSchema = defineEntity({
  name: 'Projet',
  schema: '*',
  tableName: 'projet',
  properties: {
    id: p.uuid().primary(),
    title: p.string(),
    kind: p.enum(agendaItemKinds),
    rapporteur: p.string().nullable(),
    rapport: p.text(),
    projetText: p.text(),
    authorId: p.uuid(),
    circuitId: p.uuid().nullable(),
    /** The circuit's steps as they stood at the submission. */
    steps: p.json<CircuitStep[]>().nullable(),
    status: p.enum(projetStatuses),
    /** 0-based; set while IN_VALIDATION only. */
    currentStep: p.integer().nullable(),
    version: p.integer(),
    agendaItemId: p.uuid().nullable(),
    ...timestampProperties,
  },
});
export class Projet extends ProjetSchema.class {}
ProjetSchema.setClass(Projet);

/** A PDF attached to a projet, kept in the document storage. */
const ProjetDocumentSchema = defineEntity({
  name: 'ProjetDocument',
  schema: '*',
  tableName: 'projet_document',
  properties: {
    id: p.uuid().primary(),
    projetId: p.uuid(),
    title: p.string(),
    fileName: p.string(),
    storageKey: p.string(),
    sizeBytes: p.bigint('number'),
    sha256: p.string(),
    uploadedBy: p.uuid(),
    ...timestampProperties,
  },
});
export class ProjetDocument extends ProjetDocumentSchema.class {}
ProjetDocumentSchema.setClass(ProjetDocument);

export const projetActions = ['SUBMITTED', 'APPROVED', 'SENT_BACK', 'SKIPPED', 'PLACED_ON_AGENDA'] as const;
export type ProjetActionKind = (typeof projetActions)[number];

/** One entry of a projet's history (also appended to the body's ledger). */
const ProjetActionSchema = defineEntity({
  name: 'ProjetAction',
  schema: '*',
  tableName: 'projet_action',
  properties: {
    id: p.uuid().primary(),
    projetId: p.uuid(),
    version: p.integer(),
    action: p.enum(projetActions),
    step: p.integer().nullable(),
    stepLabel: p.string().nullable(),
    actorId: p.uuid(),
    actorName: p.string(),
    asDelegate: p.boolean(),
    comment: p.text().nullable(),
    actedAt: p.datetime(),
    ...timestampProperties,
  },
});
export class ProjetAction extends ProjetActionSchema.class {}
ProjetActionSchema.setClass(ProjetAction);
