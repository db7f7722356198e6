import type { BodyContext } from '../tenancy/body-context.js';
import { createHash } from 'node:crypto';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../common/errors.js';
import { uuidv7 } from '../common/ids.js';
import { appendToLedger } from '../evidence/ledger.js';
import { AgendaItem } from '../body/agenda/agenda-item.entity.js';
import { AssemblyMember } from '../body/assemblies/assembly-member.entity.js';
import { findMeeting } from '../body/meetings/meeting.service.js';
import { Person } from '../platform/people/person.entity.js';
import { quoteSchema } from '../tenancy/schema-name.js';
import { matiereName } from './actes-nomenclature.js';
import { ActSettings, Deliberation, DeliberationSignature, type PublicityMode } from './deliberation.entity.js';
import { renderDeliberationPdf } from './deliberation-pdf.js';
import { publicBallotLines } from './public-ballot.js';
import { seanceRecord } from '../body/seance/seance-record.js';
import { seanceVoteResults } from './seance-votes.js';
import type { VoteResultSource, VoteSnapshot } from './vote-source.js';
import type { VoteResult } from '../legal/vote-rules.js';
import { appendSignature, signatoriesOf } from './signing/sign-document.js';

export { signatoriesOf, type ActServices } from './signing/sign-document.js';

/** The vote on an item as the séance recorded it, copied into the act when it is written. */
export interface DeliberationFields {
  title?: string | null;
  matiereCode?: string | null;
  rapporteur?: string | null;
  visas?: string | null;
  considerants?: string | null;
  dispositif?: string | null;
  secretaryIds?: string[] | null;
  /** The président de séance when not the assembly's president (absence, L2121-14). */
  presidentId?: string | null;
}

const conflict = (message: string, reason: string) => new CartableError(ErrorCode.Conflict, message, { reason });
const precondition = (message: string, reason: string) => new CartableError(ErrorCode.PreconditionFailed, message, { reason });
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export async function actSettings(em: EntityManager): Promise<ActSettings> {
  return em.findOneOrFail(ActSettings, { id: true });
}

export async function findDeliberation(em: EntityManager, id: string, lock = false): Promise<Deliberation> {
  const act = await em.findOne(Deliberation, { id }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {});
  if (!act) throw new NotFoundError('Délibération introuvable.');
  return act;
}

export interface ActSettingsFields {
  numberFormat?: string | null;
  templateVisas?: string | null;
  templateConsiderants?: string | null;
  templateDispositif?: string | null;
  publicityMode?: PublicityMode | null;
  /** The date of the assembly's délibération choosing the mode (required for another mode than ELECTRONIC). */
  publicityModeSince?: string | null;
  /** The department code in the ACTES file names (025, 974, 02A). */
  actesDepartment?: string | null;
}

/** Below this population a commune may choose another mode of publicity than online (L2131-1). */
export const paperPublicityPopulationLimit = 3_500;

/**
 * The body's settings of its acts. Another mode of publicity than electronic is for communes of fewer
 * than 3,500 inhabitants, chosen by a délibération whose date is kept.
 */
export async function updateActSettings({ em, body }: Pick<BodyContext, 'em' | 'body'>, fields: ActSettingsFields): Promise<ActSettings> {
  if (fields.numberFormat !== undefined && fields.numberFormat !== null) {
    if (
      !/\{N+\}/.test(fields.numberFormat) ||
      fields.numberFormat.length > 40 ||
      /[^\w{}\-/. ]/.test(fields.numberFormat.replace(/\{YYYY\}|\{N+\}/g, ''))
    ) {
      throw new BadUserInputError(
        'Le format de numérotation contient {N} (ou {NNN} pour trois chiffres), éventuellement {YYYY}, des lettres, chiffres, tirets, points ou barres obliques (40 caractères au plus).',
        { field: 'numberFormat' },
      );
    }
  }
  if (fields.publicityMode && fields.publicityMode !== 'ELECTRONIC') {
    if (
      body.kind !== 'COMMUNE' ||
      body.population === null ||
      body.population === undefined ||
      body.population >= paperPublicityPopulationLimit
    ) {
      throw new BadUserInputError(
        'Seules les communes de moins de 3 500 habitants peuvent choisir une autre publicité des actes que la publication électronique (article L2131-1 du CGCT).',
        { field: 'publicityMode' },
      );
    }
    if (!fields.publicityModeSince || !/^\d{4}-\d{2}-\d{2}$/.test(fields.publicityModeSince)) {
      throw new BadUserInputError('Indiquez la date de la délibération qui a choisi ce mode de publicité.', {
        field: 'publicityModeSince',
      });
    }
  }
  const department = fields.actesDepartment?.trim().toUpperCase();
  if (department && !/^[0-9]{2}[0-9AB]$/.test(department)) {
    throw new BadUserInputError('Le code du département compte trois caractères, comme dans les noms de fichiers ACTES : 025, 974, 02A.', {
      field: 'actesDepartment',
    });
  }
  return em.transactional(async (tx) => {
    const settings = await actSettings(tx);
    if (department !== undefined) settings.actesDepartment = department || null;
    for (const key of ['numberFormat', 'templateVisas', 'templateConsiderants', 'templateDispositif'] as const) {
      const value = fields[key];
      if (value !== undefined && value !== null) settings[key] = value.trim();
    }
    if (fields.publicityMode) {
      settings.publicityMode = fields.publicityMode;
      settings.publicityModeSince = fields.publicityMode === 'ELECTRONIC' ? null : fields.publicityModeSince!;
    }
    return settings;
  });
}

/** The label of number `number` of `year` in the body's format: `{YYYY}` the year, `{N…}` the number padded to that width. */
export function formatActNumber(format: string, year: number, number: number): string {
  return format
    .replace(/\{YYYY\}/g, String(year))
    .replace(/\{(N+)\}/g, (_match, width: string) => String(number).padStart(width.length, '0'));
}

function checkedFields(fields: DeliberationFields): DeliberationFields & { matiereName?: string } {
  const text = (value: string | null | undefined, label: string, max: number) => {
    if (value === undefined || value === null) return value;
    const trimmed = value.trim();
    if (trimmed.length > max) throw new BadUserInputError(`${label} dépasse ${max} caractères.`, { field: label });
    return trimmed;
  };
  const title = text(fields.title, 'L’objet', 500);
  if (title === '') throw new BadUserInputError('L’objet de la délibération est obligatoire.', { field: 'title' });
  const checked: DeliberationFields & { matiereName?: string } = {
    ...fields,
    title,
    rapporteur: text(fields.rapporteur, 'Le rapporteur', 200),
    visas: text(fields.visas, 'Les visas', 20_000),
    considerants: text(fields.considerants, 'Les considérants', 20_000),
    dispositif: text(fields.dispositif, 'Le dispositif', 50_000),
  };
  if (fields.matiereCode !== undefined && fields.matiereCode !== null) {
    const name = matiereName(fields.matiereCode.trim());
    if (!name)
      throw new BadUserInputError('Code matière inconnu de la nomenclature ACTES (par exemple 7.1 pour les décisions budgétaires).', {
        field: 'matiereCode',
      });
    checked.matiereCode = fields.matiereCode.trim();
    checked.matiereName = name;
  }
  if (fields.secretaryIds) {
    if (fields.secretaryIds.length === 0 || fields.secretaryIds.length > 5) {
      throw new BadUserInputError('Indiquez de un à cinq secrétaires de séance.', { field: 'secretaryIds' });
    }
    checked.secretaryIds = [...new Set(fields.secretaryIds)];
  }
  return checked;
}

function checkedVote(vote: VoteSnapshot): VoteSnapshot & { result: VoteResult } {
  const figures = [vote.effectif, vote.votants, vote.pour, vote.contre, vote.abstention];
  if (!figures.every((figure) => Number.isInteger(figure) && figure >= 0 && figure <= 100_000)) {
    throw new BadUserInputError('Les nombres du vote sont des entiers positifs.', { field: 'vote' });
  }
  if (vote.pour + vote.contre + vote.abstention !== vote.votants) {
    throw new BadUserInputError('Pour, contre et abstentions doivent faire le nombre de votants.', { field: 'vote' });
  }
  if (vote.votants > vote.effectif)
    throw new BadUserInputError('Il ne peut y avoir plus de votants que de membres en exercice.', { field: 'vote' });
  // Abstentions are not votes cast: the majority is of pour against contre. A tie rejects (L2121-20)
  // unless the séance recorded the président's casting vote, which only a tie leaves to decide.
  const byFigures = vote.pour > vote.contre ? 'ADOPTED' : 'REJECTED';
  if (vote.result && vote.result !== byFigures && vote.pour !== vote.contre) {
    throw new BadUserInputError('Le résultat ne correspond pas aux nombres du vote.', { field: 'vote' });
  }
  return { ...vote, result: vote.pour === vote.contre ? (vote.result ?? byFigures) : byFigures };
}

/** The president of the meeting's assembly in office on its date (its seat of role PRESIDENT). */
async function presidentOf(em: EntityManager, assemblyId: string, on: Date): Promise<string | null> {
  const day = on.toISOString().slice(0, 10);
  const seats = await em.find(AssemblyMember, { assembly: assemblyId, role: 'PRESIDENT' });
  const seat = seats.find(
    (candidate) =>
      (!candidate.mandateStart || String(candidate.mandateStart) <= day) && (!candidate.mandateEnd || String(candidate.mandateEnd) >= day),
  );
  return seat?.personId ?? null;
}

/** The président and secrétaires de séance are members of the assembly (L2121-14, L2121-15). */
async function assertSeated(em: EntityManager, assemblyId: string, personIds: readonly string[]) {
  const seated = new Set(
    (await em.find(AssemblyMember, { assembly: assemblyId, personId: { $in: [...personIds] } })).map((seat) => seat.personId),
  );
  if (!personIds.every((personId) => seated.has(personId))) {
    throw new BadUserInputError('Le président et les secrétaires de séance doivent siéger dans l’assemblée.', { field: 'secretaryIds' });
  }
}

/**
 * A draft délibération for a voted item (or a meeting, without item), its text from the body's
 * template where not given.
 */
export async function createDeliberation(
  { em }: BodyContext,
  input: DeliberationFields & { meetingId: string; agendaItemId?: string | null },
  votes: VoteResultSource = seanceVoteResults,
): Promise<Deliberation> {
  const fields = checkedFields(input);
  const meeting = await findMeeting(em, input.meetingId);
  if (meeting.status === 'DRAFT' || meeting.status === 'CANCELLED') {
    throw precondition('Une délibération s’écrit pour une séance convoquée et tenue.', 'MEETING_NOT_HELD');
  }
  let item: AgendaItem | null = null;
  if (input.agendaItemId) {
    item = await em.findOne(AgendaItem, { id: input.agendaItemId, meeting: meeting.id });
    if (!item) throw new NotFoundError('Point de l’ordre du jour introuvable dans cette séance.');
    if (item.kind !== 'DELIBERATION') throw new BadUserInputError('Ce point n’appelle pas de délibération.', { field: 'agendaItemId' });
    if (await em.count(Deliberation, { agendaItemId: item.id })) throw conflict('Ce point a déjà sa délibération.', 'ALREADY_EXISTS');
  }
  const title = fields.title ?? item?.title;
  if (!title) throw new BadUserInputError('L’objet de la délibération est obligatoire.', { field: 'title' });
  if (!fields.matiereCode) throw new BadUserInputError('Le code matière (nomenclature ACTES) est obligatoire.', { field: 'matiereCode' });
  if (!fields.secretaryIds) throw new BadUserInputError('Indiquez le ou les secrétaires de séance.', { field: 'secretaryIds' });
  const presidentId = fields.presidentId ?? (await presidentOf(em, meeting.assembly.id, meeting.startsAt));
  if (!presidentId) throw precondition('L’assemblée n’a pas de président en fonction à la date de la séance.', 'NO_PRESIDENT');
  await assertSeated(em, meeting.assembly.id, [presidentId, ...fields.secretaryIds]);
  const settings = await actSettings(em);
  const dispositif = fields.dispositif ?? settings.templateDispositif;
  if (dispositif.length === 0) throw new BadUserInputError('Le dispositif est obligatoire.', { field: 'dispositif' });
  const act = em.create(Deliberation, {
    id: uuidv7(),
    meetingId: meeting.id,
    agendaItemId: item?.id ?? null,
    title,
    matiereCode: fields.matiereCode,
    matiereName: fields.matiereName!,
    rapporteur: fields.rapporteur ?? item?.rapporteur ?? null,
    visas: fields.visas ?? settings.templateVisas,
    considerants: fields.considerants ?? settings.templateConsiderants,
    dispositif,
    presidentId,
    secretaryIds: fields.secretaryIds,
    status: 'DRAFT',
    version: 1,
  });
  // The vote the séance recorded on the item, copied into the act (the secretariat enters it otherwise).
  const vote = item ? await votes.voteOf(em, item.id) : null;
  if (vote) copyVote(act, vote);
  await em.flush();
  return act;
}

function assertDraft(act: Deliberation) {
  if (act.status !== 'DRAFT') {
    throw conflict(
      'Cette délibération est finalisée : elle ne se modifie plus. Créez-en une nouvelle version (les signatures recommenceront).',
      'ACT_FINALISED',
    );
  }
}

export async function updateDeliberation({ em }: BodyContext, id: string, fields: DeliberationFields): Promise<Deliberation> {
  const checked = checkedFields(fields);
  return em.transactional(async (tx) => {
    const act = await findDeliberation(tx, id, true);
    assertDraft(act);
    if (checked.presidentId || checked.secretaryIds) {
      const meeting = await findMeeting(tx, act.meetingId);
      await assertSeated(tx, meeting.assembly.id, [checked.presidentId ?? act.presidentId, ...(checked.secretaryIds ?? act.secretaryIds)]);
    }
    for (const key of [
      'title',
      'matiereCode',
      'matiereName',
      'rapporteur',
      'visas',
      'considerants',
      'dispositif',
      'secretaryIds',
      'presidentId',
    ] as const) {
      if (checked[key] !== undefined && checked[key] !== null) (act as Record<typeof key, unknown>)[key] = checked[key];
    }
    if (fields.rapporteur === null) act.rapporteur = null;
    if (act.dispositif.length === 0) throw new BadUserInputError('Le dispositif est obligatoire.', { field: 'dispositif' });
    return act;
  });
}

/** Copies the figures of the vote into a draft act (from the séance's results or the secretariat's input). */
export async function recordDeliberationVote({ em }: BodyContext, id: string, vote: VoteSnapshot): Promise<Deliberation> {
  checkedVote(vote);
  return em.transactional(async (tx) => {
    const act = await findDeliberation(tx, id, true);
    assertDraft(act);
    copyVote(act, vote);
    return act;
  });
}

/** Copies checked vote figures into a draft act. */
function copyVote(act: Deliberation, vote: VoteSnapshot): void {
  const checked = checkedVote(vote);
  Object.assign(act, {
    voteEffectif: checked.effectif,
    voteVotants: checked.votants,
    votePour: checked.pour,
    voteContre: checked.contre,
    voteAbstention: checked.abstention,
    voteResult: checked.result,
  });
}

async function displayNames(platformEm: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
  const people = await platformEm.find(Person, { id: { $in: [...ids] } });
  return new Map(people.map((person) => [person.id, person.displayName]));
}

/**
 * Numbers (first finalisation only: a revised act keeps its number), renders and freezes the act. The
 * number comes from the year's counter row, updated in this transaction: concurrent finalisations
 * queue on that row, and a rollback gives the number back, so numbers have no gap.
 */
export async function finaliseDeliberation(ctx: BodyContext, id: string): Promise<Deliberation> {
  const { em, platformEm, body } = ctx;
  const now = ctx.now();
  return em.transactional(async (tx) => {
    const act = await findDeliberation(tx, id, true);
    assertDraft(act);
    if (act.voteResult === null || act.voteResult === undefined)
      throw precondition('Le résultat du vote n’est pas encore reporté dans la délibération.', 'NO_VOTE');
    const meeting = await findMeeting(tx, act.meetingId);
    if (act.number === null || act.number === undefined) {
      const year = Number(new Intl.DateTimeFormat('en', { timeZone: body.timeZone, year: 'numeric' }).format(meeting.startsAt));
      const [row] = await tx.execute<{ last_number: number }[]>(
        `insert into ${quoteSchema(tx.schema!)}.act_counter as counter (year, last_number) values (?, 1)
         on conflict (year) do update set last_number = counter.last_number + 1 returning last_number`,
        [year],
      );
      const settings = await actSettings(tx);
      act.year = year;
      act.number = row!.last_number;
      act.numberLabel = formatActNumber(settings.numberFormat, year, act.number);
    }
    const names = await displayNames(platformEm, [act.presidentId, ...act.secretaryIds]);
    const pdf = await renderDeliberationPdf(
      act,
      {
        bodyName: body.name,
        timeZone: body.timeZone,
        assemblyName: meeting.assembly.name,
        meetingStartsAt: meeting.startsAt,
        meetingPlace: meeting.place ?? null,
        presidentName: names.get(act.presidentId) ?? 'Président(e) de séance',
        secretaryNames: act.secretaryIds.map((secretary) => names.get(secretary) ?? 'Secrétaire de séance'),
        publicBallot: act.agendaItemId ? publicBallotLines(await seanceRecord({ body, em: tx }, meeting.id), act.agendaItemId) : [],
      },
      now,
    );
    Object.assign(act, { pdf, pdfSha256: sha256(pdf), status: 'FINALISED', finalisedAt: now });
    await appendToLedger(tx, body.id, [
      { kind: 'ACT_FINALISED', subjectId: act.id, payload: { number: act.numberLabel, version: act.version, pdfSha256: act.pdfSha256 } },
    ]);
    return act;
  });
}

/** A new version of a finalised act, back to draft: the signatures of the earlier version no longer count. */
export async function reviseDeliberation({ em, body }: Pick<BodyContext, 'em' | 'body'>, id: string): Promise<Deliberation> {
  return em.transactional(async (tx) => {
    const act = await findDeliberation(tx, id, true);
    if (act.status === 'DRAFT') throw conflict('Cette délibération est encore en projet : modifiez-la directement.', 'ACT_DRAFT');
    if (act.publishedAt) throw conflict('Une délibération publiée ne se modifie plus.', 'ACT_PUBLISHED');
    act.status = 'DRAFT';
    act.version += 1;
    await appendToLedger(tx, body.id, [
      { kind: 'ACT_REVISED', subjectId: act.id, payload: { number: act.numberLabel, version: act.version } },
    ]);
    return act;
  });
}

export async function signaturesOf(em: EntityManager, act: Deliberation): Promise<DeliberationSignature[]> {
  return em.find(DeliberationSignature, { deliberationId: act.id, version: act.version }, { orderBy: { signedAt: 'asc' } });
}

/**
 * The caller signs the version of the act they read (`version`): PAdES B-T in an incremental update of
 * the stored PDF. Refused: an act not finalised, another version than the one read (the act changed),
 * a caller who is not one of its signatories, a second signature by the same person.
 */
export async function signDeliberation(
  ctx: BodyContext,
  signer: { personId: string; displayName: string },
  id: string,
  version: number,
): Promise<Deliberation> {
  const { em, body } = ctx;
  const services = ctx.services.acts;
  const now = ctx.now();
  return em.transactional(async (tx) => {
    const act = await findDeliberation(tx, id, true);
    if (act.status === 'DRAFT')
      throw precondition('Cette délibération n’est pas finalisée : elle ne peut pas encore être signée.', 'NOT_FINALISED');
    if (act.version !== version) {
      throw conflict('La délibération a changé depuis votre lecture (nouvelle version) : relisez-la avant de signer.', 'ACT_CHANGED');
    }
    const signatory = signatoriesOf(act).find((candidate) => candidate.personId === signer.personId);
    if (!signatory) {
      throw new CartableError(ErrorCode.Forbidden, 'Seuls le président et le ou les secrétaires de séance signent cette délibération.', {
        reason: 'NOT_A_SIGNATORY',
      });
    }
    const signatures = await signaturesOf(tx, act);
    if (signatures.some((signature) => signature.personId === signer.personId))
      throw conflict('Vous avez déjà signé cette délibération.', 'ALREADY_SIGNED');
    await tx.populate(act, ['pdf']);
    const signed = await appendSignature(
      services,
      body,
      signer,
      signatory.role,
      Buffer.from(act.pdf!),
      { label: `délibération n° ${act.numberLabel}, version ${act.version}`, order: signatures.length + 1 },
      now,
    );
    const pdfSha256 = signed.sha256;
    tx.create(DeliberationSignature, {
      id: uuidv7(),
      deliberationId: act.id,
      version: act.version,
      personId: signer.personId,
      role: signatory.role,
      signerName: signer.displayName,
      signedAt: now,
      pdfSha256,
    });
    act.pdf = signed.pdf;
    act.pdfSha256 = pdfSha256;
    if (signatures.length + 1 === signatoriesOf(act).length) act.status = 'SIGNED';
    await appendToLedger(tx, body.id, [
      {
        kind: 'ACT_SIGNED',
        subjectId: act.id,
        payload: { number: act.numberLabel, version: act.version, role: signatory.role, personId: signer.personId, pdfSha256 },
      },
    ]);
    return act;
  });
}

/** Puts a signed act online (L2131-1): the date of mise en ligne and its author's name and quality, in the ledger. */
/** The author of a published act or PV (R2131-1: prénom, nom and qualité), checked. */
export function actAuthor(author: { name: string; quality: string }): { name: string; quality: string } {
  const name = author.name.trim();
  const quality = author.quality.trim();
  if (!name || !quality || name.length > 200 || quality.length > 200) {
    throw new BadUserInputError('Indiquez le nom et la qualité de l’auteur de l’acte (200 caractères au plus).', { field: 'author' });
  }
  return { name, quality };
}

export async function publishDeliberation(ctx: BodyContext, id: string, author: { name: string; quality: string }): Promise<Deliberation> {
  const { em, body } = ctx;
  const now = ctx.now();
  const { name, quality } = actAuthor(author);
  return em.transactional(async (tx) => {
    const act = await findDeliberation(tx, id, true);
    if (act.status !== 'SIGNED') throw precondition('Seule une délibération signée par tous ses signataires est publiée.', 'NOT_SIGNED');
    if (act.publishedAt) throw conflict('Cette délibération est déjà publiée.', 'ALREADY_PUBLISHED');
    Object.assign(act, { publishedAt: now, publishedByName: name, publishedByQuality: quality });
    await appendToLedger(tx, body.id, [
      {
        kind: 'ACT_PUBLISHED',
        subjectId: act.id,
        payload: { number: act.numberLabel, version: act.version, pdfSha256: act.pdfSha256, author: name, quality },
      },
    ]);
    return act;
  });
}

/**
 * Records the préfecture's acknowledgment of an act transmitted for the contrôle de légalité (through an
 * approved operator: Cartable does not transmit), entered by hand or by an operator's connector.
 */
export async function recordActesAcknowledgment(
  ctx: BodyContext,
  id: string,
  acknowledgment: { prefectureId: string; identifier: string; receivedAt: Date },
): Promise<Deliberation> {
  const { em, body } = ctx;
  const now = ctx.now();
  const prefectureId = acknowledgment.prefectureId.trim().toUpperCase();
  const identifier = acknowledgment.identifier.trim();
  if (!/^(PREF|SGAR)[0-9]{2}[0-9AB]$|^SPREF[0-9]{2}[0-9AB][0-9]$/.test(prefectureId)) {
    throw new BadUserInputError(
      'Le service de contrôle s’écrit PREF suivi du numéro du département sur trois caractères (PREF025), SPREF… pour une sous-préfecture.',
      { field: 'prefectureId' },
    );
  }
  if (identifier.length === 0 || identifier.length > 100)
    throw new BadUserInputError('Indiquez l’identifiant de l’accusé de réception (100 caractères au plus).', { field: 'identifier' });
  if (acknowledgment.receivedAt.getTime() > now.getTime())
    throw new BadUserInputError('La date de l’accusé de réception ne peut pas être dans le futur.', { field: 'receivedAt' });
  return em.transactional(async (tx) => {
    const act = await findDeliberation(tx, id, true);
    if (act.status !== 'SIGNED') throw precondition('Seule une délibération signée est transmise au contrôle de légalité.', 'NOT_SIGNED');
    if (act.acknowledgmentId) throw conflict('L’accusé de réception de cette délibération est déjà enregistré.', 'ALREADY_ACKNOWLEDGED');
    if (act.finalisedAt && acknowledgment.receivedAt < act.finalisedAt) {
      throw new BadUserInputError('L’accusé de réception ne peut pas précéder la finalisation de l’acte.', { field: 'receivedAt' });
    }
    Object.assign(act, { prefectureId, acknowledgmentId: identifier, acknowledgedAt: acknowledgment.receivedAt });
    await appendToLedger(tx, body.id, [
      {
        kind: 'ACT_ACKNOWLEDGED',
        subjectId: act.id,
        payload: { number: act.numberLabel, prefectureId, identifier, receivedAt: acknowledgment.receivedAt.toISOString() },
      },
    ]);
    return act;
  });
}

/** When the act became executory (L2131-1): once both published and acknowledged by the préfecture; null until then. */
export function executoryAt(act: Pick<Deliberation, 'publishedAt' | 'acknowledgedAt'>): Date | null {
  if (!act.publishedAt || !act.acknowledgedAt) return null;
  return act.publishedAt > act.acknowledgedAt ? act.publishedAt : act.acknowledgedAt;
}
