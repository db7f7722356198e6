import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../db/timestamps.js';
import { signatureProperties } from './deliberation.entity.js';

export const procesVerbalStatuses = ['DRAFT', 'FINALISED', 'ARRETE', 'SIGNED'] as const;
export type ProcesVerbalStatus = (typeof procesVerbalStatuses)[number];

/** The procès-verbal of one séance: DRAFT, FINALISED (PDF frozen, on the next séance's agenda), ARRETE, SIGNED. */
const ProcesVerbalSchema = defineEntity({
  name: 'ProcesVerbal',
  schema: '*',
  tableName: 'proces_verbal',
  properties: {
    id: p.uuid().primary(),
    meetingId: p.uuid(),
    presidentId: p.uuid(),
    secretaryIds: p.array().$type<string[]>(),
    particularBallotRequests: p.text(),
    status: p.enum(procesVerbalStatuses),
    pdf: p.blob().nullable().lazy(),
    pdfSha256: p.string().nullable(),
    finalisedAt: p.datetime().nullable(),
    arreteAgendaItemId: p.uuid().nullable(),
    arreteMeetingId: p.uuid().nullable(),
    arreteAt: p.datetime().nullable(),
    publishedAt: p.datetime().nullable(),
    publishedByName: p.string().nullable(),
    publishedByQuality: p.string().nullable(),
    ...timestampProperties,
  },
});
export class ProcesVerbal extends ProcesVerbalSchema.class {}
ProcesVerbalSchema.setClass(ProcesVerbal);

const ProcesVerbalSummarySchema = defineEntity({
  name: 'ProcesVerbalSummary',
  schema: '*',
  tableName: 'proces_verbal_summary',
  properties: {
    procesVerbalId: p.uuid().primary(),
    agendaItemId: p.uuid().primary(),
    summary: p.text(),
    ...timestampProperties,
  },
});
export class ProcesVerbalSummary extends ProcesVerbalSummarySchema.class {}
ProcesVerbalSummarySchema.setClass(ProcesVerbalSummary);

const ProcesVerbalSignatureSchema = defineEntity({
  name: 'ProcesVerbalSignature',
  schema: '*',
  tableName: 'proces_verbal_signature',
  properties: { ...signatureProperties, procesVerbalId: p.uuid() },
});
export class ProcesVerbalSignature extends ProcesVerbalSignatureSchema.class {}
ProcesVerbalSignatureSchema.setClass(ProcesVerbalSignature);
