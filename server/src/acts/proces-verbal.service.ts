import type { BodyContext } from '../tenancy/body-context.js';
import { createHash } from 'node:crypto';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../common/errors.js';
import { frenchDate, frenchDateTime } from '../common/french.js';
import { uuidv7 } from '../common/ids.js';
import { appendToLedger } from '../evidence/ledger.js';
import { AgendaItem } from '../body/agenda/agenda-item.entity.js';
import { numberAgenda, type AgendaTreeNode } from '../body/agenda/agenda-numbering.js';
import { addAgendaItem, agendaOf } from '../body/agenda/agenda.service.js';
import { meetingAttendance, type MeetingAttendance } from '../body/attendance/recorded-attendance.service.js';
import { seanceRecord } from '../body/seance/seance-record.js';
import { publicBallotLines } from './public-ballot.js';
import { Document } from '../body/documents/document.entity.js';
import { Meeting } from '../body/meetings/meeting.entity.js';
import { findMeeting } from '../body/meetings/meeting.service.js';
import { TextPdfWriter } from '../media/pdf-text.js';
import type { Body } from '../platform/bodies/body.entity.js';
import { Person } from '../platform/people/person.entity.js';
import { numberedActsOf } from './deliberation-list.js';
import { ProcesVerbal, ProcesVerbalSignature, ProcesVerbalSummary } from './proces-verbal.entity.js';
import { appendSignature, signatoriesOf } from './signing/sign-document.js';
import { actAuthor } from './deliberation.service.js';

const conflict = (message: string, reason: string) => new CartableError(ErrorCode.Conflict, message, { reason });
const precondition = (message: string, reason: string) => new CartableError(ErrorCode.PreconditionFailed, message, { reason });

export async function findProcesVerbal(em: EntityManager, id: string, lock = false): Promise<ProcesVerbal> {
  const pv = await em.findOne(ProcesVerbal, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!pv) throw new NotFoundError('Procès-verbal introuvable.');
  return pv;
}

/**
 * The procès-verbal of a held séance, in draft. Its président and secrétaire(s) are those of the
 * séance's délibérations unless given.
 */
export async function createProcesVerbal(
  { em }: BodyContext,
  meetingId: string,
  input: { presidentId?: string | null; secretaryIds?: string[] | null; particularBallotRequests?: string | null },
): Promise<ProcesVerbal> {
  const meeting = await findMeeting(em, meetingId);
  if (meeting.status !== 'HELD' && meeting.status !== 'CLOSED')
    throw precondition('Le procès-verbal s’écrit pour une séance tenue.', 'MEETING_NOT_HELD');
  if (await em.count(ProcesVerbal, { meetingId: meeting.id })) throw conflict('Cette séance a déjà son procès-verbal.', 'ALREADY_EXISTS');
  const [act] = await numberedActsOf(em, meeting.id);
  const presidentId = input.presidentId ?? act?.presidentId;
  const secretaryIds = input.secretaryIds ?? act?.secretaryIds;
  if (!presidentId || !secretaryIds?.length || secretaryIds.length > 5) {
    throw new BadUserInputError('Indiquez le président et le ou les secrétaires de séance.', { field: 'secretaryIds' });
  }
  const requests = (input.particularBallotRequests ?? '').trim();
  if (requests.length > 20_000)
    throw new BadUserInputError('Les demandes de scrutin particulier dépassent 20 000 caractères.', { field: 'particularBallotRequests' });
  const pv = em.create(ProcesVerbal, {
    id: uuidv7(),
    meetingId: meeting.id,
    presidentId,
    secretaryIds: [...new Set(secretaryIds)],
    particularBallotRequests: requests,
    status: 'DRAFT',
  });
  await em.flush();
  return pv;
}

/** The summary of the discussions on one item (« la teneur des discussions »), typed during or after the séance. */
export async function setProcesVerbalSummary(
  { em }: BodyContext,
  id: string,
  agendaItemId: string,
  summary: string,
): Promise<ProcesVerbal> {
  const text = summary.trim();
  if (text.length > 50_000) throw new BadUserInputError('Le résumé dépasse 50 000 caractères.', { field: 'summary' });
  return em.transactional(async (tx) => {
    const pv = await findProcesVerbal(tx, id, true);
    if (pv.status !== 'DRAFT') throw conflict('Ce procès-verbal est finalisé : il ne se modifie plus.', 'PV_FINALISED');
    const item = await tx.findOne(AgendaItem, { id: agendaItemId, meeting: pv.meetingId });
    if (!item) throw new NotFoundError('Point de l’ordre du jour introuvable dans cette séance.');
    const existing = await tx.findOne(ProcesVerbalSummary, { procesVerbalId: pv.id, agendaItemId: item.id });
    if (existing) existing.summary = text;
    else tx.create(ProcesVerbalSummary, { procesVerbalId: pv.id, agendaItemId: item.id, summary: text });
    return pv;
  });
}

/**
 * Renders the procès-verbal with the content L2121-15 requires (date and hour, président, members
 * present or represented, secrétaire(s), quorum, agenda, délibérations adopted and their rapports,
 * requests for particular ballots, results, the substance of the discussions), freezes it, and puts its
 * arrêté first on the agenda of the assembly's next séance in preparation, if there is one.
 */
export async function finaliseProcesVerbal(ctx: BodyContext, id: string): Promise<ProcesVerbal> {
  const { em, platformEm, body } = ctx;
  const now = ctx.now();
  const pv = await em.transactional(async (tx) => {
    const pv = await findProcesVerbal(tx, id, true);
    if (pv.status !== 'DRAFT') throw conflict('Ce procès-verbal est déjà finalisé.', 'PV_FINALISED');
    const meeting = await findMeeting(tx, pv.meetingId);
    const pdf = await renderProcesVerbal(tx, platformEm, body, meeting, pv, now);
    Object.assign(pv, { pdf, pdfSha256: sha256Hex(pdf), status: 'FINALISED', finalisedAt: now });
    await appendToLedger(tx, body.id, [
      { kind: 'PV_FINALISED', subjectId: pv.id, payload: { meetingId: meeting.id, pdfSha256: pv.pdfSha256 } },
    ]);
    // In the same transaction: a crash leaves either a draft PV or a finalised one with its approval item.
    const next = await tx.findOne(
      Meeting,
      { assembly: meeting.assembly.id, status: 'DRAFT', startsAt: { $gt: meeting.startsAt } },
      { orderBy: { startsAt: 'asc' } },
    );
    if (next) {
      const item = await addAgendaItem(
        { em: tx },
        next.id,
        { title: `Approbation du procès-verbal de la séance du ${frenchDate(meeting.startsAt, body.timeZone)}`, kind: 'DELIBERATION' },
        { position: 1 },
      );
      Object.assign(pv, { arreteAgendaItemId: item.id, arreteMeetingId: next.id });
    }
    return pv;
  });
  return pv;
}

/**
 * Names the agenda item of a later séance of the same assembly that carries the PV's arrêté, when that
 * séance was convened before the PV was finalised (its agenda then already has « Approbation du
 * procès-verbal… »), or to move it to another séance. Refused once arrêté.
 */
export async function scheduleProcesVerbalArrete({ em }: BodyContext, id: string, agendaItemId: string): Promise<ProcesVerbal> {
  return em.transactional(async (tx) => {
    const pv = await findProcesVerbal(tx, id, true);
    if (pv.status !== 'FINALISED')
      throw precondition(
        'Le procès-verbal s’inscrit à une séance suivante une fois finalisé, avant son arrêté.',
        pv.status === 'DRAFT' ? 'PV_DRAFT' : 'ALREADY_ARRETE',
      );
    const meeting = await findMeeting(tx, pv.meetingId);
    const item = await tx.findOne(AgendaItem, { id: agendaItemId }, { populate: ['meeting'] });
    if (!item) throw new NotFoundError('Point de l’ordre du jour introuvable.');
    const next = await findMeeting(tx, item.meeting.id);
    if (next.assembly.id !== meeting.assembly.id || next.startsAt <= meeting.startsAt) {
      throw new BadUserInputError('Le procès-verbal est arrêté par une séance suivante de la même assemblée.', { field: 'agendaItemId' });
    }
    Object.assign(pv, { arreteAgendaItemId: item.id, arreteMeetingId: next.id });
    return pv;
  });
}

/** Records the arrêté of the procès-verbal, once the séance whose agenda carries it has been held. */
export async function arreteProcesVerbal(ctx: BodyContext, id: string): Promise<ProcesVerbal> {
  const { em, body } = ctx;
  const now = ctx.now();
  return em.transactional(async (tx) => {
    const pv = await findProcesVerbal(tx, id, true);
    if (pv.status !== 'FINALISED')
      throw precondition(
        'Seul un procès-verbal finalisé, pas encore arrêté, peut être arrêté.',
        pv.status === 'DRAFT' ? 'PV_DRAFT' : 'ALREADY_ARRETE',
      );
    const next = pv.arreteMeetingId ? await tx.findOne(Meeting, { id: pv.arreteMeetingId }) : null;
    if (!next) throw precondition('Le procès-verbal n’est à l’ordre du jour d’aucune séance suivante.', 'NOT_ON_AGENDA');
    if (next.status !== 'HELD' && next.status !== 'CLOSED')
      throw precondition(
        'Le procès-verbal est arrêté au commencement de la séance suivante, qui n’est pas encore tenue.',
        'NEXT_MEETING_NOT_HELD',
      );
    Object.assign(pv, { status: 'ARRETE', arreteAt: now });
    await appendToLedger(tx, body.id, [
      { kind: 'PV_ARRETE', subjectId: pv.id, payload: { meetingId: pv.meetingId, arreteMeetingId: next.id, pdfSha256: pv.pdfSha256 } },
    ]);
    return pv;
  });
}

/** The caller signs the arrêté procès-verbal, as its président or one of its secrétaires, once. */
export async function signProcesVerbal(
  ctx: BodyContext,
  signer: { personId: string; displayName: string },
  id: string,
): Promise<ProcesVerbal> {
  const { em, body } = ctx;
  const services = ctx.services.acts;
  const now = ctx.now();
  return em.transactional(async (tx) => {
    const pv = await findProcesVerbal(tx, id, true);
    if (pv.status !== 'ARRETE') {
      throw pv.status === 'SIGNED'
        ? conflict('Ce procès-verbal est déjà signé par tous ses signataires.', 'ALREADY_SIGNED')
        : precondition('Le procès-verbal est signé une fois arrêté.', 'NOT_ARRETE');
    }
    const signatory = signatoriesOf(pv).find((candidate) => candidate.personId === signer.personId);
    if (!signatory)
      throw new CartableError(ErrorCode.Forbidden, 'Seuls le président et le ou les secrétaires de séance signent ce procès-verbal.', {
        reason: 'NOT_A_SIGNATORY',
      });
    const signatures = await tx.find(ProcesVerbalSignature, { procesVerbalId: pv.id });
    if (signatures.some((signature) => signature.personId === signer.personId))
      throw conflict('Vous avez déjà signé ce procès-verbal.', 'ALREADY_SIGNED');
    await tx.populate(pv, ['pdf']);
    const meeting = await findMeeting(tx, pv.meetingId);
    const signed = await appendSignature(
      services,
      body,
      signer,
      signatory.role,
      Buffer.from(pv.pdf!),
      { label: `procès-verbal de la séance du ${frenchDate(meeting.startsAt, body.timeZone)}`, order: signatures.length + 1 },
      now,
    );
    tx.create(ProcesVerbalSignature, {
      id: uuidv7(),
      procesVerbalId: pv.id,
      personId: signer.personId,
      role: signatory.role,
      signerName: signer.displayName,
      signedAt: now,
      pdfSha256: signed.sha256,
    });
    Object.assign(pv, { pdf: signed.pdf, pdfSha256: signed.sha256 });
    if (signatures.length + 1 === signatoriesOf(pv).length) pv.status = 'SIGNED';
    await appendToLedger(tx, body.id, [
      { kind: 'PV_SIGNED', subjectId: pv.id, payload: { role: signatory.role, personId: signer.personId, pdfSha256: signed.sha256 } },
    ]);
    return pv;
  });
}

/**
 * Puts the signed procès-verbal online on the body's public page (L2121-15: « dans la semaine qui suit la
 * séance au cours de laquelle il a été arrêté »), with its author's name and quality; in the ledger.
 */
export async function publishProcesVerbal(ctx: BodyContext, id: string, author: { name: string; quality: string }): Promise<ProcesVerbal> {
  const { em, body } = ctx;
  const now = ctx.now();
  const { name, quality } = actAuthor(author);
  return em.transactional(async (tx) => {
    const pv = await findProcesVerbal(tx, id, true);
    if (pv.status !== 'SIGNED')
      throw precondition('Seul un procès-verbal arrêté et signé par tous ses signataires est publié.', 'NOT_SIGNED');
    if (pv.publishedAt) throw conflict('Ce procès-verbal est déjà publié.', 'ALREADY_PUBLISHED');
    Object.assign(pv, { publishedAt: now, publishedByName: name, publishedByQuality: quality });
    await appendToLedger(tx, body.id, [
      { kind: 'PV_PUBLISHED', subjectId: pv.id, payload: { meetingId: pv.meetingId, pdfSha256: pv.pdfSha256, author: name, quality } },
    ]);
    return pv;
  });
}

/** The week L2121-15 gives to publish the PV: seven days after the start of the séance that arrêta it. */
export async function publicationDueAt(em: EntityManager, pv: ProcesVerbal): Promise<Date | null> {
  const next = pv.arreteAt && pv.arreteMeetingId ? await em.findOne(Meeting, { id: pv.arreteMeetingId }) : null;
  return next ? new Date(next.startsAt.getTime() + 7 * 24 * 3600 * 1000) : null;
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const attendanceLabels = { PRESENT: 'présent(e)', REPRESENTED: 'représenté(e) par', ABSENT: 'absent(e)' } as const;

/** One line per member: present, represented by whom, absent, or not entered (only those present or represented with `attendingOnly`). */
export function attendanceLines(attendance: MeetingAttendance, attendingOnly = false): string[] {
  const lines = attendingOnly ? attendance.lines.filter((entry) => entry.record && entry.record.status !== 'ABSENT') : attendance.lines;
  return lines.map((entry) =>
    entry.record?.status === 'REPRESENTED'
      ? `${entry.recipient.displayName} — ${attendanceLabels.REPRESENTED} ${attendance.lines.find((other) => other.recipient.personId === entry.record!.proxyHolderId)?.recipient.displayName ?? '?'}`
      : `${entry.recipient.displayName} — ${entry.record ? attendanceLabels[entry.record.status] : 'non saisi(e)'}`,
  );
}

async function renderProcesVerbal(
  em: EntityManager,
  platformEm: EntityManager,
  body: Body,
  meeting: Meeting,
  pv: ProcesVerbal,
  now: Date,
): Promise<Buffer> {
  const [agenda, acts, summaries, attendance, documents, seance] = await Promise.all([
    agendaOf(em, meeting.id),
    numberedActsOf(em, meeting.id),
    em.find(ProcesVerbalSummary, { procesVerbalId: pv.id }),
    meetingAttendance({ body, em }, meeting.id, now),
    em.find(Document, { meeting: meeting.id, kind: 'RAPPORT' }),
    seanceRecord({ body, em }, meeting.id),
  ]);
  const names = new Map(
    (await platformEm.find(Person, { id: { $in: [pv.presidentId, ...pv.secretaryIds] } })).map((person) => [person.id, person.displayName]),
  );
  const summaryOf = new Map(summaries.map((summary) => [summary.agendaItemId, summary.summary]));
  const actOf = new Map(acts.filter((act) => act.agendaItemId).map((act) => [act.agendaItemId!, act]));
  const writer = await TextPdfWriter.create(
    {
      title: `Procès-verbal — séance du ${frenchDate(meeting.startsAt, body.timeZone)}`,
      author: body.name,
      footer: `${body.name} — procès-verbal de la séance du ${frenchDate(meeting.startsAt, body.timeZone)}`,
      createdAt: now,
    },
    { archival: true },
  );
  writer
    .text(body.name, { size: 15, bold: true })
    .text(`Procès-verbal de la séance — ${meeting.assembly.name}`, { size: 13, bold: true })
    .text(`Séance du ${frenchDateTime(meeting.startsAt, body.timeZone)}${meeting.place ? `, ${meeting.place}` : ''}`, {
      size: 10,
      gapAfter: 8,
    })
    .text(`Président de séance : ${names.get(pv.presidentId) ?? '—'}`, { size: 10 })
    .text(`Secrétaire(s) de séance : ${pv.secretaryIds.map((secretary) => names.get(secretary) ?? '—').join(', ')}`, {
      size: 10,
      gapAfter: 8,
    });
  writer.heading('Membres présents ou représentés', 11);
  if (!attendance) writer.text('Présences non saisies dans Cartable.', { size: 10 });
  else {
    for (const line of attendanceLines(attendance)) writer.text(line, { size: 9, indent: 8 });
    const quorum = attendance.quorum;
    writer.text(
      `Quorum : ${quorum.present} présent(s), ${quorum.represented} représenté(s) sur ${quorum.membersInOffice} membres en exercice${quorum.required === null ? '' : ` ; requis ${quorum.required}, ${quorum.reached ? 'atteint' : 'non atteint'}`}.`,
      { size: 10, gapAfter: 6 },
    );
  }
  writer.heading('Demandes de scrutin particulier', 11).text(pv.particularBallotRequests || 'Aucune.', { size: 10 });
  writer.heading('Ordre du jour, délibérations et teneur des discussions', 11);
  const walk = (nodes: AgendaTreeNode<AgendaItem>[]) => {
    for (const node of nodes) {
      writer.text(`${node.number}. ${node.title}`, { size: 10, bold: true });
      if (node.rapporteur) writer.text(`Rapporteur : ${node.rapporteur}`, { size: 9, indent: 8 });
      const rapports = documents.filter((document) => document.agendaItemId === node.id).map((document) => document.title);
      if (rapports.length) writer.text(`Rapport(s) : ${rapports.join(' ; ')}`, { size: 9, indent: 8 });
      const act = actOf.get(node.id);
      if (act) {
        writer.text(
          `Délibération n° ${act.numberLabel} — ${act.voteResult === 'ADOPTED' ? 'adoptée' : 'rejetée'} : pour ${act.votePour}, contre ${act.voteContre}, abstention(s) ${act.voteAbstention} (votants ${act.voteVotants}).`,
          { size: 9, indent: 8 },
        );
      }
      for (const line of publicBallotLines(seance, node.id)) writer.text(line, { size: 9, indent: 8 });
      writer.text(`Discussions : ${summaryOf.get(node.id) ?? 'aucune intervention consignée.'}`, { size: 9, indent: 8, gapAfter: 6 });
      walk(node.children);
    }
  };
  walk(numberAgenda(agenda));
  writer
    .space(10)
    .text(
      `Le président de séance, ${names.get(pv.presidentId) ?? ''} — le(s) secrétaire(s) de séance, ${pv.secretaryIds.map((secretary) => names.get(secretary) ?? '').join(', ')}`,
      { size: 10 },
    );
  return Buffer.from(await writer.save());
}
