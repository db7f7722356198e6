import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../db/timestamps.js';
import { voteResults } from '../legal/vote-rules.js';

export const deliberationStatuses = ['DRAFT', 'FINALISED', 'SIGNED'] as const;
export type DeliberationStatus = (typeof deliberationStatuses)[number];
export const signatoryRoles = ['PRESIDENT', 'SECRETARY'] as const;
export type SignatoryRole = (typeof signatoryRoles)[number];
export const publicityModes = ['ELECTRONIC', 'PAPER_DISPLAY', 'PAPER_PUBLICATION'] as const;
export type PublicityMode = (typeof publicityModes)[number];

/**
 * A délibération: DRAFT while the secretariat writes it; FINALISED once numbered and rendered (its PDF
 * is then never rewritten, only signed in incremental updates); SIGNED when every signatory of its
 * current version has signed. `version` grows when a finalised act is revised: the signatures of an
 * earlier version then no longer count.
 */
const DeliberationSchema = defineEntity({
  name: 'Deliberation',
  schema: '*',
  tableName: 'deliberation',
  properties: {
    id: p.uuid().primary(),
    meetingId: p.uuid(),
    agendaItemId: p.uuid().nullable(),
    year: p.integer().nullable(),
    number: p.integer().nullable(),
    numberLabel: p.string().nullable(),
    title: p.string(),
    matiereCode: p.string(),
    matiereName: p.string(),
    rapporteur: p.string().nullable(),
    visas: p.text(),
    considerants: p.text(),
    dispositif: p.text(),
    voteEffectif: p.integer().nullable(),
    voteVotants: p.integer().nullable(),
    votePour: p.integer().nullable(),
    voteContre: p.integer().nullable(),
    voteAbstention: p.integer().nullable(),
    voteResult: p.enum(voteResults).nullable(),
    presidentId: p.uuid(),
    secretaryIds: p.array().$type<string[]>(),
    status: p.enum(deliberationStatuses),
    version: p.integer(),
    pdf: p.blob().nullable().lazy(),
    pdfSha256: p.string().nullable(),
    finalisedAt: p.datetime().nullable(),
    publishedAt: p.datetime().nullable(),
    publishedByName: p.string().nullable(),
    publishedByQuality: p.string().nullable(),
    prefectureId: p.string().nullable(),
    acknowledgmentId: p.string().nullable(),
    acknowledgedAt: p.datetime().nullable(),
    ...timestampProperties,
  },
});
export class Deliberation extends DeliberationSchema.class {}
DeliberationSchema.setClass(Deliberation);

/** One signature of a document of a séance: who, in which role, when, and the file's SHA-256 after it. */
export const signatureProperties = {
  id: p.uuid().primary(),
  personId: p.uuid(),
  role: p.enum(signatoryRoles),
  signerName: p.string(),
  signedAt: p.datetime(),
  pdfSha256: p.string(),
  ...timestampProperties,
};

const DeliberationSignatureSchema = defineEntity({
  name: 'DeliberationSignature',
  schema: '*',
  tableName: 'deliberation_signature',
  properties: { ...signatureProperties, deliberationId: p.uuid(), version: p.integer() },
});
export class DeliberationSignature extends DeliberationSignatureSchema.class {}
DeliberationSignatureSchema.setClass(DeliberationSignature);

const ActSettingsSchema = defineEntity({
  name: 'ActSettings',
  schema: '*',
  tableName: 'act_settings',
  properties: {
    id: p.boolean().primary(),
    numberFormat: p.string(),
    templateVisas: p.text(),
    templateConsiderants: p.text(),
    templateDispositif: p.text(),
    publicityMode: p.enum(publicityModes),
    publicityModeSince: p.date().nullable(),
    actesDepartment: p.string().nullable(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export class ActSettings extends ActSettingsSchema.class {}
ActSettingsSchema.setClass(ActSettings);
