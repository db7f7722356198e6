import type { EntityManager } from '@mikro-orm/postgresql';
import { frenchDate, frenchDateTime } from '../common/french.js';
import { meetingAttendance } from '../body/attendance/recorded-attendance.service.js';
import { Meeting } from '../body/meetings/meeting.entity.js';
import { bodyArticles, cited } from '../legal/body-articles.js';
import { TextPdfWriter } from '../media/pdf-text.js';
import type { Body } from '../platform/bodies/body.entity.js';
import { Person } from '../platform/people/person.entity.js';
import { Deliberation } from './deliberation.entity.js';
import { attendanceLines } from './proces-verbal.service.js';

/**
 * The pages of the paper registre des délibérations for one year (R2121-9), to print on permanent paper
 * and bind: the law keeps the register on paper, and when the délibérations are signed electronically the
 * maire and the secrétaire(s) still sign the paper register by hand for each séance. Per séance, on sheets
 * of its own: the body's name and the séance's date, its délibérations in their order numbers with their
 * object and decision, then the closing sheet (« feuillet de clôture ») recalling those numbers, listing
 * the members present (and represented) and leaving a signature space to the président and each
 * secrétaire de séance. Pages are numbered through the year.
 *
 * Unsure, and left to the secretariat: R2121-9 asks for an order number per délibération in the séance;
 * we take the body's number of each act (its order in the year, e.g. 2026-042), which a register in date
 * order makes consecutive. It also wants the commune's name and the séance's date on every sheet: each
 * séance starts on a new sheet headed with both, and the running footer repeats the body and year — a
 * séance longer than one sheet carries its date on the first only. The « coté et paraphé » of the
 * register (by the maire) and the tables by date and by subject made when binding are not produced here.
 * The pages cite R2121-9 for a commune only (`bodyArticles(kind).register`): no article for the others.
 */
export async function renderRegistre(
  em: EntityManager,
  platformEm: EntityManager,
  body: Body,
  year: number,
  now = new Date(),
): Promise<Buffer | null> {
  const acts = await em.find(Deliberation, { year, number: { $ne: null } }, { orderBy: { number: 'asc' } });
  if (acts.length === 0) return null;
  const meetings = await em.find(
    Meeting,
    { id: { $in: [...new Set(acts.map((act) => act.meetingId))] } },
    { populate: ['assembly'], orderBy: { startsAt: 'asc' } },
  );
  const people = new Map(
    (await platformEm.find(Person, { id: { $in: [...new Set(acts.flatMap((act) => [act.presidentId, ...act.secretaryIds]))] } })).map(
      (person) => [person.id, person.displayName],
    ),
  );
  const article = cited(bodyArticles(body.kind).register);
  const writer = await TextPdfWriter.create(
    {
      title: `Registre des délibérations ${year} — ${body.name}`,
      author: body.name,
      footer: `${body.name} — registre des délibérations ${year}${article}`,
      createdAt: now,
    },
    { archival: true },
  );
  writer
    .text(body.name, { size: 16, bold: true })
    .text(`Registre des délibérations — année ${year}`, { size: 14, bold: true, gapAfter: 8 })
    .text(
      `Feuillets édités le ${frenchDateTime(now, body.timeZone)} à partir des délibérations numérotées dans Cartable, pour le registre papier${article}.`,
      { size: 9, gapAfter: 6 },
    )
    .table(
      ['Séance', 'Assemblée', 'Numéros d’ordre'],
      meetings.map((meeting) => {
        const numbers = acts.filter((act) => act.meetingId === meeting.id).map((act) => act.numberLabel ?? '');
        return [
          frenchDate(meeting.startsAt, body.timeZone),
          meeting.assembly.name,
          `${numbers[0]} à ${numbers.at(-1)} (${numbers.length})`,
        ];
      }),
      [0.3, 0.4, 0.3],
    );
  for (const meeting of meetings) {
    const own = acts.filter((act) => act.meetingId === meeting.id);
    const date = frenchDate(meeting.startsAt, body.timeZone);
    writer
      .pageBreak()
      .text(body.name, { size: 13, bold: true })
      .text(
        `${meeting.assembly.name} — séance du ${frenchDateTime(meeting.startsAt, body.timeZone)}${meeting.place ? `, ${meeting.place}` : ''}`,
        { size: 11, bold: true, gapAfter: 8 },
      )
      .table(
        ['N° d’ordre', 'Objet', 'Décision', 'Vote (pour / contre / abst.)'],
        own.map((act) => [
          act.numberLabel ?? '',
          act.title,
          act.voteResult === 'ADOPTED' ? 'Adoptée' : 'Rejetée',
          `${act.votePour} / ${act.voteContre} / ${act.voteAbstention}`,
        ]),
        [0.15, 0.5, 0.13, 0.22],
      );
    const attendance = await meetingAttendance({ body, em }, meeting.id, now);
    const president = people.get(own[0]!.presidentId) ?? '';
    const secretaries = [...new Set(own.flatMap((act) => act.secretaryIds))].map((id) => people.get(id) ?? '');
    writer
      .pageBreak()
      .text(body.name, { size: 13, bold: true })
      .text(`Feuillet de clôture — séance du ${date} (${meeting.assembly.name})`, { size: 12, bold: true, gapAfter: 6 })
      .text(`Délibérations de la séance : n° ${own.map((act) => act.numberLabel).join(', ')}.`, { size: 10, gapAfter: 6 })
      .heading('Membres présents ou représentés', 11);
    if (!attendance) writer.text('Présences non saisies dans Cartable : à compléter à la main.', { size: 10 });
    else for (const line of attendanceLines(attendance, true)) writer.text(line, { size: 9, indent: 8 });
    writer
      .heading('Signatures', 11)
      .table(
        ['Qualité', 'Nom', 'Signature'],
        [['Le président de séance', president, ''], ...secretaries.map((name) => ['Le secrétaire de séance', name, ''])],
        [0.3, 0.3, 0.4],
        { minRowHeight: 60 },
      );
  }
  return Buffer.from(await writer.save());
}
