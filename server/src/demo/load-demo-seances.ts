import type { EntityManager } from '@mikro-orm/postgresql';
import { addAgendaItem } from '../body/agenda/agenda.service.js';
import type { AgendaItemKind } from '../body/agenda/agenda-item.entity.js';
import { seatsInOffice } from '../body/assemblies/members-in-office.js';
import { Assembly } from '../body/assemblies/assembly.entity.js';
import { answerConvocation } from '../body/attendance/attendance.service.js';
import { recordReceipt } from '../body/convocations/receipts/receipts.service.js';
import { sendConvocation } from '../body/convocations/send/send-convocation.js';
import { storeGeneratedDocument } from '../body/documents/document.service.js';
import { Meeting } from '../body/meetings/meeting.entity.js';
import { recordArrival, recordDeparture } from '../body/seance/presence/presence.service.js';
import { closeSeance, openSeance } from '../body/seance/seance.service.js';
import { eligibleVoters, interestedIn, loadRoom, table } from '../body/seance/seance-room.js';
import { castBallot, closeVote, enterVoteTotals, openVote, type BallotChoice } from '../body/seance/votes/vote.service.js';
import { requestThreshold } from '../legal/vote-rules.js';
import { uuidv7 } from '../common/ids.js';
import { addDays, zonedDate, zonedDateTime } from '../common/time.js';
import { createSamplePdf } from '../media/sample-pdf.js';
import { Body } from '../platform/bodies/body.entity.js';
import { Membership } from '../platform/people/membership.entity.js';
import { Person } from '../platform/people/person.entity.js';
import { bodySchemaName } from '../tenancy/schema-name.js';
import type { BodyEnvironment, PersonContext, SystemContext } from '../tenancy/body-context.js';
import { onBehalfOf } from '../tenancy/system-scope.js';
import { fixedClock, type Clock } from '../legal/clock.js';
import { demoContext } from './load-demo.js';

export interface DemoSeanceOptions {
  /** The runtime's body environment: its services store the documents and convene the meetings. */
  environment: BodyEnvironment;
}

export interface DemoSeanceReport {
  /** Meetings held today created by this run (one per body, unless one already exists today). */
  today: number;
  /** Past séances created (one per body, once). */
  past: number;
}

const minute = 60_000;
const day = 86_400_000;

const pastAgenda: { title: string; kind: AgendaItemKind }[] = [
  { title: 'Approbation du procès-verbal de la séance précédente', kind: 'DELIBERATION' },
  { title: 'Décision modificative n° 2 du budget principal', kind: 'DELIBERATION' },
  { title: 'Désignation d’un représentant au conseil d’administration du collège Victor-Hugo', kind: 'DESIGNATION' },
  { title: 'Subvention exceptionnelle à l’Union sportive', kind: 'DELIBERATION' },
];
const todayAgenda: { title: string; kind: AgendaItemKind }[] = [
  { title: 'Approbation du procès-verbal de la séance précédente', kind: 'DELIBERATION' },
  { title: 'Budget supplémentaire de l’exercice', kind: 'DELIBERATION' },
  { title: 'Tarifs des services publics au 1er janvier', kind: 'DELIBERATION' },
  { title: 'Désignation d’un délégué au syndicat des eaux', kind: 'DESIGNATION' },
];

/**
 * The séances of the demo, for every body of the groupement and its council: a meeting **held today**
 * (18:00), convened in time weeks ago through the real send path, with answers given (one pouvoir), so
 * that a newcomer opens a séance right after `npm start`; and, once, a **past séance** played through the
 * séance services with a clock set to its evening: opening and quorum, a late arrival, a departure with
 * a pouvoir, a hand vote, a public vote from the tablets, a secret nomination, a tie broken by the
 * président's voix prépondérante, the closing. Idempotent: a body that already has a meeting today, or a
 * séance, gets none again.
 */
export async function loadDemoSeances(em: EntityManager, options: DemoSeanceOptions): Promise<DemoSeanceReport> {
  const report: DemoSeanceReport = { today: 0, past: 0 };
  const bodies = await em.fork().find(Body, {}, { orderBy: { slug: 'asc' } });
  for (const body of bodies) {
    const bodyEm = em.fork({ schema: bodySchemaName(body.id) });
    const council = (await bodyEm.find(Assembly, {}, { orderBy: { name: 'asc' } })).find((assembly) =>
      assembly.kind.startsWith('CONSEIL_'),
    );
    const desk = await em.fork().findOne(Membership, { body: body.id, roles: { $overlap: ['SECRETARIAT', 'BODY_ADMIN'] } });
    if (!council || !desk) continue;
    const system = demoContext(options.environment, em, body);
    const demo = new DemoBody(em, body, council, system, onBehalfOf(system, desk.person.id, desk.roles));
    const today = zonedDate(new Date(), body.timeZone);
    const [seances] = await bodyEm.execute<{ count: string }[]>(`select count(*)::text as count from ${table(bodyEm, 'seance')}`);
    if (seances!.count === '0') {
      await demo.pastSeance(addDays(today, -14));
      report.past += 1;
    }
    const todays = await bodyEm.count(Meeting, {
      assembly: council.id,
      startsAt: { $gte: zonedDateTime(today, '00:00', body.timeZone), $lt: zonedDateTime(addDays(today, 1), '00:00', body.timeZone) },
    });
    if (todays === 0) {
      await demo.meetingToday(today);
      report.today += 1;
    }
  }
  return report;
}

class DemoBody {
  constructor(
    private readonly em: EntityManager,
    private readonly body: Body,
    private readonly council: Assembly,
    private readonly system: SystemContext,
    /** The secretariat's context (the documents' uploader, the convocations' sender). */
    private readonly desk: PersonContext,
  ) {}

  private bodyEm() {
    return this.em.fork({ schema: bodySchemaName(this.body.id) });
  }

  /** A council meeting at 18:00 on `date`, its agenda and documents, convened 20 days before (in time for every kind of body), with answers. */
  private async convened(date: string, title: string, agenda: typeof pastAgenda): Promise<{ meeting: Meeting; members: string[] }> {
    const startsAt = zonedDateTime(date, '18:00', this.body.timeZone);
    const bodyEm = this.bodyEm();
    const meeting = bodyEm.create(Meeting, {
      id: uuidv7(),
      assembly: this.council,
      title,
      startsAt,
      place: 'Salle des délibérations',
      status: 'DRAFT',
    });
    await bodyEm.flush();
    const seats = [...(await seatsInOffice(bodyEm, this.body.id, this.council.id, date)).values()].filter((seat) => seat.votingRight);
    const people = await this.em.fork().find(Person, { id: { $in: seats.map((seat) => seat.personId) } });
    const president = seats.find((seat) => seat.role === 'PRESIDENT');
    const members = [
      ...(president ? [president.personId] : []),
      ...people
        .map((person) => person.id)
        .filter((id) => id !== president?.personId)
        .sort(),
    ];
    const rapporteur = people.find((person) => person.id === president?.personId)?.displayName ?? null;
    const store = async (agendaItemId: string | null, kind: 'NOTE_SYNTHESE' | 'RAPPORT', documentTitle: string, pages: number) =>
      storeGeneratedDocument(this.desk.withEm(this.bodyEm()), {
        meetingId: meeting.id,
        agendaItemId,
        kind,
        title: documentTitle,
        fileName: `${kind.toLowerCase()}-${pages}.pdf`,
        bytes: await createSamplePdf({ title: documentTitle, pages, bodyName: this.body.name }),
      });
    await store(null, 'NOTE_SYNTHESE', 'Note explicative de synthèse', 3);
    for (const [index, item] of agenda.entries()) {
      const created = await addAgendaItem({ em: this.bodyEm() }, meeting.id, { title: item.title, kind: item.kind, rapporteur });
      await store(created.id, 'RAPPORT', `Rapport — ${item.title}`, 1 + (index % 3));
    }
    const sentAt = new Date(startsAt.getTime() - 20 * day);
    await sendConvocation(this.desk.withEm(this.bodyEm()).withClock(fixedClock(sentAt)), { meetingId: meeting.id });
    // Everyone answers within two days: present, but the last member gives a pouvoir to the second one.
    for (const [index, personId] of members.entries()) {
      const last = index === members.length - 1 && members.length >= 3;
      const answeredAt = fixedClock(new Date(sentAt.getTime() + (index + 1) * 3 * 3_600_000));
      await answerConvocation(
        onBehalfOf(this.system.withEm(this.bodyEm()).withClock(answeredAt), personId, ['OFFICIAL']),
        last
          ? { meetingId: meeting.id, personId, response: 'PROXY', proxyHolderId: members[1]!, illnessDeclared: true }
          : { meetingId: meeting.id, personId, response: 'PRESENT' },
      );
      await recordReceipt(onBehalfOf(this.system.withEm(this.bodyEm()).withClock(answeredAt), personId, ['OFFICIAL']), {
        meetingId: meeting.id,
        acknowledge: true,
      });
    }
    return { meeting, members };
  }

  async meetingToday(date: string): Promise<void> {
    await this.convened(date, `${this.council.name} — séance du jour`, todayAgenda);
  }

  /** A past séance played through the services, with the clock at its evening. */
  async pastSeance(date: string): Promise<void> {
    const { meeting, members } = await this.convened(date, `${this.council.name} — séance passée`, pastAgenda);
    let clock = new Date(meeting.startsAt.getTime() + 5 * minute);
    const evening: Clock = { now: () => clock };
    // The secretariat conducts, the members vote: each action on a fresh unit of work, at the evening's clock.
    const desk = () => this.desk.withEm(this.bodyEm()).withClock(evening);
    const member = (personId: string) => onBehalfOf(this.system.withEm(this.bodyEm()).withClock(evening), personId, ['OFFICIAL']);
    const later = (minutes: number) => {
      clock = new Date(clock.getTime() + minutes * minute);
    };
    const absent = members.length >= 3 ? members.at(-1)! : null;
    // One member arrives late (when there are enough for the quorum without them).
    const late = members.length >= 5 ? members.at(-2)! : null;
    const present = members.filter((personId) => personId !== absent && personId !== late);
    const secretary = present[1] ?? present[0]!;
    await openSeance(desk(), { meetingId: meeting.id, presentIds: present, secretaryIds: [secretary], electronicVoting: true });
    const items = (
      await this.bodyEm().execute<{ id: string }[]>(
        `select id from ${table(this.bodyEm(), 'agenda_item')} where meeting_id = ? order by position`,
        [meeting.id],
      )
    ).map((row) => row.id);
    later(10);
    if (late) await recordArrival(desk(), { meetingId: meeting.id, personId: late });

    const eligible = async (itemId: string) => {
      const em = this.bodyEm();
      return [...eligibleVoters(await loadRoom(em, this.body, meeting.id), await interestedIn(em, meeting.id, itemId)).values()];
    };
    const voteId = async () =>
      (
        await this.bodyEm().execute<{ id: string }[]>(
          `select id from ${table(this.bodyEm(), 'seance_vote')} where meeting_id = ? and status = 'OPEN'`,
          [meeting.id],
        )
      )[0]!.id;

    // 1. A show of hands: adopted unanimously.
    later(5);
    await openVote(desk(), {
      meetingId: meeting.id,
      itemId: items[0]!,
      method: 'HAND',
      requestedBy: [],
      nomination: false,
      electronic: false,
    });
    later(1);
    await enterVoteTotals(desk(), {
      voteId: await voteId(),
      for: (await eligible(items[0]!)).length,
      against: 0,
      abstention: 0,
      notVoting: 0,
      blank: 0,
      spoiled: 0,
    });

    // 2. A public vote asked by a quarter of the members present, cast from the tablets.
    later(20);
    const room = await loadRoom(this.bodyEm(), this.body, meeting.id);
    const inRoomNow = room.presences.filter((stay) => !stay.leftAt).map((stay) => stay.personId);
    const requesters = inRoomNow.slice(-requestThreshold(room.voteRules.publicRequest, inRoomNow.length));
    await openVote(desk(), {
      meetingId: meeting.id,
      itemId: items[1]!,
      method: 'PUBLIC',
      requestedBy: requesters,
      nomination: false,
      electronic: true,
    });
    const publicVote = await voteId();
    // Adopted whatever the size of the council: one contre and one abstention only where there are enough votes.
    const publicVoters = await eligible(items[1]!);
    for (const [index, ballot] of publicVoters.entries()) {
      later(0.1);
      const choice: BallotChoice =
        publicVoters.length >= 4 && index === 1 ? 'AGAINST' : publicVoters.length >= 5 && index === 2 ? 'ABSTENTION' : 'FOR';
      await castBallot(member(ballot.castBy), { voteId: publicVote, choice, voterId: ballot.voterId });
    }
    later(1);
    await closeVote(member(members[0]!), { voteId: publicVote });

    // A member leaves and hands a pouvoir to a colleague present who holds none.
    later(15);
    if (late) await recordDeparture(desk(), { meetingId: meeting.id, personId: late, proxyHolderId: present[2] ?? null });

    // 3. A nomination: secret ballot from the tablets.
    later(5);
    await openVote(desk(), {
      meetingId: meeting.id,
      itemId: items[2]!,
      method: 'SECRET',
      requestedBy: [],
      nomination: true,
      electronic: true,
    });
    const secretVote = await voteId();
    const secretVoters = await eligible(items[2]!);
    for (const [index, ballot] of secretVoters.entries()) {
      later(0.1);
      const choice: BallotChoice = index === 0 ? 'BLANK' : secretVoters.length >= 4 && index === 1 ? 'AGAINST' : 'FOR';
      await castBallot(member(ballot.castBy), { voteId: secretVote, choice, voterId: ballot.voterId });
    }
    later(2);
    await closeVote(member(members[0]!), { voteId: secretVote });

    // 4. A tie on a show of hands, broken by the président's voix prépondérante.
    later(10);
    await openVote(desk(), {
      meetingId: meeting.id,
      itemId: items[3]!,
      method: 'HAND',
      requestedBy: [],
      nomination: false,
      electronic: false,
    });
    const votes = (await eligible(items[3]!)).length;
    later(1);
    await enterVoteTotals(desk(), {
      voteId: await voteId(),
      for: Math.floor(votes / 2),
      against: Math.floor(votes / 2),
      abstention: votes % 2,
      notVoting: 0,
      blank: 0,
      spoiled: 0,
      presidentChoice: 'FOR',
    });
    later(10);
    await closeSeance(desk(), meeting.id);
  }
}
