import type { EntityManager } from '@mikro-orm/postgresql';
import { CartableError, ErrorCode } from '../../common/errors.js';
import { TextPdfWriter } from '../../media/pdf-text.js';
import type { Body } from '../../platform/bodies/body.entity.js';
import { frenchDateTime } from '../convocations/convocation-text.js';
import { followUpOf } from '../convocations/follow-up.js';
import { findMeeting } from '../meetings/meeting.service.js';
import { meetingQuorumForecast } from './attendance.service.js';

const announced: Record<string, string> = { PRESENT: 'Présent(e)', ABSENT: 'Absent(e)', PROXY: 'Absent(e), pouvoir' };

/**
 * The feuille d'émargement of a convened meeting: every official convened, by name, with the answer
 * they announced and the proxies given and held, and a box to sign in; the quorum to reach below.
 */
export async function renderAttendanceSheet(body: Body, em: EntityManager, meetingId: string, now = new Date()): Promise<Uint8Array> {
  const meeting = await findMeeting(em, meetingId);
  const entries = await followUpOf(em, meeting.id);
  if (entries.length === 0) throw new CartableError(ErrorCode.PreconditionFailed, 'Cette séance n’a pas encore été convoquée.', { reason: 'NOT_CONVENED' });
  const names = new Map(entries.map((entry) => [entry.recipient.personId, entry.recipient.displayName]));
  const quorum = await meetingQuorumForecast(body, em, meeting.id);
  const writer = await TextPdfWriter.create({
    title: `Feuille d’émargement — ${meeting.title}`,
    author: body.name,
    footer: `${body.name} — feuille d’émargement éditée le ${frenchDateTime(now, body.timeZone)}`,
    createdAt: now,
  });
  writer.text(body.name, { size: 15, bold: true }).text('Feuille d’émargement', { size: 13, bold: true, gapAfter: 10 });
  writer.text(`Séance : ${meeting.title} — ${meeting.assembly.name}`);
  writer.text(`Date : ${frenchDateTime(meeting.startsAt, body.timeZone)}${meeting.place ? ` — ${meeting.place}` : ''}`, { gapAfter: 10 });
  const rows = entries.map(({ recipient, answer }) => {
    const given = answer?.response === 'PROXY' && answer.proxyHolderId ? `Pouvoir donné à ${names.get(answer.proxyHolderId) ?? '?'}` : '';
    const held = entries
      .filter((other) => other.answer?.response === 'PROXY' && other.answer.proxyHolderId === recipient.personId)
      .map((other) => `Pouvoir de ${other.recipient.displayName}`);
    return [
      `${recipient.displayName}${recipient.votingRight ? '' : ' (sans voix délibérative)'}`,
      answer ? announced[answer.response]! : 'Sans réponse',
      [given, ...held].filter(Boolean).join(' ; '),
      '',
    ];
  });
  writer.table(['Membre', 'Réponse annoncée', 'Pouvoirs', 'Signature'], rows, [0.3, 0.18, 0.27, 0.25], { minRowHeight: 30 });
  writer.text(`Membres en exercice : ${quorum.membersInOffice}. Quorum : ${quorum.required} (${quorum.rule.description.replace(/\.$/, '')}, ${quorum.rule.article}).`, { size: 9 });
  writer.text('Présents à l’ouverture : ______   Pouvoirs : ______   Le quorum est atteint : oui / non', { size: 9, gapAfter: 16 });
  writer.text('Le président de séance', { align: 'right' });
  return writer.save();
}
