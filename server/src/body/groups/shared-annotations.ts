import { BadUserInputError, NotFoundError } from '../../common/errors.js';
import { zonedDate } from '../../common/time.js';
import { Person } from '../../platform/people/person.entity.js';
import type { PersonContext } from '../../tenancy/body-context.js';
import { Annotation } from '../annotations/annotation.entity.js';
import { PoliticalGroupMember } from './political-group.entity.js';
import { currentGroupId } from './political-group.service.js';

/**
 * Shares one of the author's annotations with their political group in the body, or stops sharing it.
 * Sharing needs a group today; someone else's annotation is NOT_FOUND, as if it did not exist.
 */
export async function shareAnnotation(
  { em, body, actor, clock }: PersonContext,
  annotationId: string,
  shared: boolean,
): Promise<Annotation> {
  const personId = actor.personId;
  const today = zonedDate(clock.now(), body.timeZone);
  const annotation = await em.findOne(Annotation, { id: annotationId, personId });
  if (!annotation) throw new NotFoundError('Annotation introuvable.');
  if (shared && !(await currentGroupId(em, personId, today))) {
    throw new BadUserInputError('Vous n’appartenez à aucun groupe politique dans cet organisme.', { field: 'shared' });
  }
  annotation.sharedWithGroup = shared;
  await em.flush();
  return annotation;
}

/**
 * The annotations of a document that the reader's fellow group members shared, with their authors' names:
 * only while both belong to the same group today. Nobody outside the group (other groups, the secretariat,
 * officials with no group) ever reads them.
 */
export async function groupAnnotationsOf({ em, platformEm, body, actor, clock }: PersonContext, documentId: string) {
  const readerId = actor.personId;
  const today = zonedDate(clock.now(), body.timeZone);
  const groupId = await currentGroupId(em, readerId, today);
  if (!groupId) return [];
  const fellows = await em.find(PoliticalGroupMember, {
    group: groupId,
    personId: { $ne: readerId },
    startDate: { $lte: today },
    $or: [{ endDate: null }, { endDate: { $gte: today } }],
  });
  if (fellows.length === 0) return [];
  const annotations = await em.find(
    Annotation,
    { document: documentId, sharedWithGroup: true, personId: { $in: fellows.map((fellow) => fellow.personId) } },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  const authors = await platformEm.find(Person, { id: { $in: [...new Set(annotations.map((annotation) => annotation.personId))] } });
  const names = new Map(authors.map((author) => [author.id, author.displayName]));
  return annotations.map((annotation) => ({ annotation, authorName: names.get(annotation.personId) ?? '' }));
}
