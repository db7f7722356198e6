import { CartableError, ErrorCode } from '../../common/errors.js';
import { TextPdfWriter } from '../../media/pdf-text.js';
import type { BodyContext } from '../../tenancy/body-context.js';
import { countOf, frenchDateTime } from '../../common/french.js';
import { seatsInOfficeAt } from '../assemblies/members-in-office.js';
import { Convocation } from '../convocations/convocation.entity.js';
import { followUpOf } from '../convocations/receipts/follow-up.js';
import { findMeeting } from '../meetings/meeting.service.js';
import { meetingQuorumForecast } from './attendance.service.js';
import { meetingAttendance } from './recorded-attendance.service.js';

const announced: Record<string, string> = { PRESENT: 'Présent(e)', ABSENT: 'Absent(e)', PROXY: 'Absent(e), pouvoir' };
const recordedStatus: Record<string, string> = { PRESENT: 'Présent(e)', ABSENT: 'Absent(e)', REPRESENTED: 'Représenté(e) par' };

/**
 * The feuille d'émargement of a convened meeting: every official convened, by name, with the answer
 * they announced and the proxies given and held, and a box to sign in; the quorum to reach below. Once
 * attendance is recorded in session, a column shows it and the quorum line gives what it reached.
 */
export async function renderAttendanceSheet(ctx: BodyContext, meetingId: string): Promise<Uint8Array> {
  const { body, em } = ctx;
  const now = ctx.now();
  const meeting = await findMeeting(em, meetingId);
  if ((await em.count(Convocation, { meetingId: meeting.id })) === 0)
    throw new CartableError(ErrorCode.PreconditionFailed, 'Cette séance n’a pas encore été convoquée.', { reason: 'NOT_CONVENED' });
  const entries = await followUpOf(em, meeting.id, { inOffice: await seatsInOfficeAt({ em, body }, meeting) });
  const names = new Map(entries.map((entry) => [entry.recipient.personId, entry.recipient.displayName]));
  const quorum = await meetingQuorumForecast(ctx, meeting.id);
  const attendance = await meetingAttendance(ctx, meeting.id, now);
  const records = new Map(attendance?.lines.filter((line) => line.record).map((line) => [line.recipient.personId, line.record!]) ?? []);
  const recordedCell = (personId: string) => {
    const record = records.get(personId);
    if (!record) return 'Non saisie';
    return record.status === 'REPRESENTED'
      ? `${recordedStatus.REPRESENTED} ${names.get(record.proxyHolderId ?? '') ?? '?'}`
      : recordedStatus[record.status]!;
  };
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
      ...(records.size > 0 ? [recordedCell(recipient.personId)] : []),
      '',
    ];
  });
  const [headers, widths] =
    records.size > 0
      ? [
          ['Membre', 'Réponse annoncée', 'Pouvoirs', 'Présence constatée', 'Signature'],
          [0.24, 0.15, 0.22, 0.19, 0.2],
        ]
      : [
          ['Membre', 'Réponse annoncée', 'Pouvoirs', 'Signature'],
          [0.3, 0.18, 0.27, 0.25],
        ];
  writer.table(headers, rows, widths, { minRowHeight: 30 });
  const rule = quorum.rule.description.replace(/\.$/, '');
  writer.text(
    quorum.required === null
      ? `Membres en exercice ayant voix délibérative : ${quorum.membersInOffice}. ${rule}.`
      : `Membres en exercice ayant voix délibérative : ${quorum.membersInOffice}. Quorum : ${quorum.required} (${rule}, ${quorum.rule.article}).`,
    { size: 9 },
  );
  if (records.size > 0 && attendance) {
    const reached = attendance.quorum;
    const observed = `Présence constatée : ${countOf(reached.present, 'présent')}, ${countOf(reached.represented, 'représenté')}, ${countOf(reached.absent, 'absent')}${reached.unanswered ? `, ${countOf(reached.unanswered, 'non saisi', 'non saisis')}` : ''}.`;
    const verdict =
      reached.required === null
        ? ''
        : ` Le quorum ${reached.reached ? 'est atteint' : 'n’est pas atteint'} (${reached.counted} sur ${reached.required}).`;
    writer.text(`${observed}${verdict}`, { size: 9, gapAfter: 16 });
  } else {
    writer.text(
      `Présents à l’ouverture : ______   Pouvoirs : ______${quorum.required === null ? '' : '   Le quorum est atteint : oui / non'}`,
      { size: 9, gapAfter: 16 },
    );
  }
  writer.text('Le président de séance', { align: 'right' });
  return writer.save();
}
