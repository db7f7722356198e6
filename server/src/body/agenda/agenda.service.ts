import { raw, type EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, CartableError, ErrorCode, NotFoundError } from '../../common/errors.js';
import { uuidv7 } from '../../common/ids.js';
import type { BodyContext } from '../../tenancy/body-context.js';
import { Document } from '../documents/document.entity.js';
import type { Meeting } from '../meetings/meeting.entity.js';
import { findDraftMeeting } from '../meetings/meeting.service.js';
import { AgendaItem, type AgendaItemKind } from './agenda-item.entity.js';

export interface AgendaItemFields {
  title: string;
  kind: AgendaItemKind;
  rapporteur?: string | null;
  icpe?: boolean;
  closedSession?: boolean;
  budgetPrimitif?: boolean;
}

export interface AgendaPlace {
  /** The top-level item to nest under (one level of sub-items), or null for the top level. */
  parentId?: string | null;
  /** 1-based position among the siblings; default: last. */
  position?: number | null;
}

/**
 * Every agenda write locks its meeting row first: writes to one agenda are serialised, so concurrent
 * edits by two secretaries can neither duplicate nor skip a number.
 */
const lockDraftMeeting = (tx: EntityManager, meetingId: string) =>
  findDraftMeeting(tx, meetingId, {
    lock: true,
    refusal: 'L’ordre du jour d’une séance déjà convoquée ne se modifie plus ; ajoutez un envoi complémentaire.',
  });

async function findItem(tx: EntityManager, itemId: string): Promise<AgendaItem> {
  const item = await tx.findOne(AgendaItem, { id: itemId });
  if (!item) throw new NotFoundError('Point de l’ordre du jour introuvable.');
  return item;
}

async function checkParent(tx: EntityManager, meeting: Meeting, parentId: string | null): Promise<void> {
  if (parentId === null) return;
  const parent = await tx.findOne(AgendaItem, { id: parentId, meeting: meeting.id });
  if (!parent) throw new NotFoundError('Point parent introuvable.');
  if (parent.parentId !== null) {
    throw new BadUserInputError('Un sous-point ne peut pas avoir lui-même de sous-points.', { field: 'parentId' });
  }
}

const siblingsWhere = (meetingId: string, parentId: string | null) => ({ meeting: meetingId, parentId });

async function countSiblings(tx: EntityManager, meetingId: string, parentId: string | null): Promise<number> {
  return tx.count(AgendaItem, siblingsWhere(meetingId, parentId));
}

function checkPosition(position: number, last: number): void {
  if (!Number.isInteger(position) || position < 1 || position > last) {
    throw new BadUserInputError(`Position impossible : choisissez entre 1 et ${last}.`, { field: 'position' });
  }
}

/** Shifts the siblings at or after `from` by `delta` (+1 to open a slot, -1 to close one), except the moved item. */
async function shift(
  tx: EntityManager,
  meetingId: string,
  parentId: string | null,
  from: number,
  delta: 1 | -1,
  exceptId: string | null = null,
) {
  await tx.nativeUpdate(
    AgendaItem,
    { ...siblingsWhere(meetingId, parentId), position: { $gte: from }, ...(exceptId ? { id: { $ne: exceptId } } : {}) },
    { position: raw(`position + ${delta}`) },
  );
}

/** Only a délibération adopts the budget primitif. */
function budgetPrimitif(fields: AgendaItemFields): boolean {
  if (!fields.budgetPrimitif) return false;
  if (fields.kind !== 'DELIBERATION')
    throw new BadUserInputError('Seule une délibération peut adopter le budget primitif.', { field: 'budgetPrimitif' });
  return true;
}

function cleanFields(fields: AgendaItemFields) {
  const title = fields.title.trim();
  if (!title) throw new BadUserInputError('Le titre du point est obligatoire.', { field: 'title' });
  return {
    title,
    kind: fields.kind,
    rapporteur: fields.rapporteur?.trim() || null,
    icpe: fields.icpe ?? false,
    closedSession: fields.closedSession ?? false,
    budgetPrimitif: budgetPrimitif(fields),
  };
}

/** Takes the slice of the context it uses, so that the acts (not converted yet) can call it with their EntityManager. */
export async function addAgendaItem(ctx: Pick<BodyContext, 'em'>, meetingId: string, fields: AgendaItemFields, place: AgendaPlace = {}) {
  return ctx.em.transactional(async (tx) => {
    const meeting = await lockDraftMeeting(tx, meetingId);
    const parentId = place.parentId ?? null;
    await checkParent(tx, meeting, parentId);
    const last = (await countSiblings(tx, meeting.id, parentId)) + 1;
    const position = place.position ?? last;
    checkPosition(position, last);
    await shift(tx, meeting.id, parentId, position, 1);
    const item = tx.create(AgendaItem, { id: uuidv7(), meeting, parentId, position, ...cleanFields(fields) });
    await tx.flush();
    return item;
  });
}

export async function updateAgendaItem(ctx: BodyContext, itemId: string, fields: AgendaItemFields) {
  return ctx.em.transactional(async (tx) => {
    const item = await findItem(tx, itemId);
    await lockDraftMeeting(tx, item.meeting.id);
    Object.assign(item, cleanFields(fields));
    await tx.flush();
    return item;
  });
}

export async function moveAgendaItem(ctx: BodyContext, itemId: string, place: AgendaPlace) {
  return ctx.em.transactional(async (tx) => {
    const item = await findItem(tx, itemId);
    const meeting = await lockDraftMeeting(tx, item.meeting.id);
    await tx.refresh(item);
    const parentId = place.parentId ?? null;
    if (parentId === item.id) throw new BadUserInputError('Un point ne peut pas être son propre sous-point.', { field: 'parentId' });
    await checkParent(tx, meeting, parentId);
    if (parentId !== null && (await tx.count(AgendaItem, { parentId: item.id })) > 0) {
      throw new BadUserInputError('Un point qui a des sous-points ne peut pas devenir un sous-point.', { field: 'parentId' });
    }
    const previousParentId = item.parentId ?? null;
    const sameSiblings = parentId === previousParentId;
    const last = (await countSiblings(tx, meeting.id, parentId)) + (sameSiblings ? 0 : 1);
    const position = place.position ?? last;
    checkPosition(position, last);
    // Take the item out (closing its slot), then open the slot where it goes.
    await shift(tx, meeting.id, previousParentId, item.position + 1, -1, item.id);
    await shift(tx, meeting.id, parentId, position, 1, item.id);
    await tx.nativeUpdate(AgendaItem, { id: item.id }, { parentId, position });
    await tx.refresh(item);
    return item;
  });
}

export async function removeAgendaItem(ctx: BodyContext, itemId: string) {
  return ctx.em.transactional(async (tx) => {
    const item = await findItem(tx, itemId);
    await lockDraftMeeting(tx, item.meeting.id);
    await tx.refresh(item);
    const itemIds = [item.id, ...(await tx.find(AgendaItem, { parentId: item.id })).map((child) => child.id)];
    if ((await tx.count(Document, { agendaItemId: { $in: itemIds } })) > 0) {
      throw new CartableError(ErrorCode.Conflict, 'Supprimez d’abord les documents de ce point et de ses sous-points.');
    }
    await tx.nativeDelete(AgendaItem, { id: item.id });
    await shift(tx, item.meeting.id, item.parentId ?? null, item.position + 1, -1);
    return item.meeting.id;
  });
}

export async function agendaOf(em: EntityManager, meetingId: string): Promise<AgendaItem[]> {
  return em.find(AgendaItem, { meeting: meetingId }, { orderBy: { position: 'asc' } });
}

/**
 * Copies the agenda of one meeting to another, in the caller's transaction: items and sub-items in their
 * order, with their titles, kinds, rapporteurs and flags, under new ids (not their documents).
 */
export async function copyAgendaSkeleton(tx: EntityManager, fromMeetingId: string, to: Meeting): Promise<void> {
  const items = await agendaOf(tx, fromMeetingId);
  const ids = new Map(items.map((item) => [item.id, uuidv7()]));
  for (const item of items) {
    tx.create(AgendaItem, {
      id: ids.get(item.id)!,
      meeting: to,
      parentId: item.parentId ? ids.get(item.parentId)! : null,
      position: item.position,
      title: item.title,
      kind: item.kind,
      rapporteur: item.rapporteur ?? null,
      icpe: item.icpe,
      closedSession: item.closedSession,
      budgetPrimitif: item.budgetPrimitif,
    });
  }
  await tx.flush();
}
