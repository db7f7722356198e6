import type { EntityManager } from '@mikro-orm/postgresql';
import { agendaOf } from '../agenda/agenda.service.js';
import { numberAgenda } from '../agenda/agenda-numbering.js';
import type { ColleagueType } from '../attendance/attendance.type.js';
import { isManager, quorumFigures, type SeanceContext } from './seance.service.js';
import { findSeance, inRoom, loadRoom, nameOf, proxiesInForce, roomQuorum, table, type Room } from './seance-room.js';
import { SeanceItemType, SeanceQuorumCheckType, SeanceType, SeanceVoteType, type SeanceItemStatus } from './seance.type.js';
import { findVote, voteFrom, type VoteRow } from './votes/vote.service.js';
import { meetingRecipients } from '../convocations/receipts/receipts.service.js';

const colleague = (room: Pick<Room, 'members'>, personId: string): ColleagueType => ({ personId, displayName: nameOf(room, personId) });

export function checkFrom(row: Record<string, unknown>): SeanceQuorumCheckType {
  return Object.assign(new SeanceQuorumCheckType(), {
    id: row.id as string,
    occasion: row.occasion,
    itemId: (row.item_id as string | null) ?? null,
    checkedAt: new Date(row.checked_at as string),
    membersInOffice: row.members_in_office as number,
    present: row.present as number,
    represented: row.represented as number,
    required: (row.required as number | null) ?? null,
    counted: row.counted as number,
    reached: (row.reached as boolean | null) ?? null,
    article: (row.article as string | null) ?? null,
  });
}

export function voteView(
  room: Pick<Room, 'members' | 'body'> & { meeting: { id: string } },
  vote: VoteRow,
  check: SeanceQuorumCheckType,
  myBallots: string[],
): SeanceVoteType {
  return Object.assign(new SeanceVoteType(), {
    ...vote,
    requestedBy: vote.requestedBy.map((personId) => colleague(room, personId)),
    quorumCheck: check,
    myBallots,
    bodyId: room.body.id,
    meetingId: room.meeting.id,
  });
}

/**
 * The voters for whom `personId` cast a ballot in each vote of the meeting, or of one vote (participation
 * only for a secret ballot: themself, and the givers of the pouvoirs they held).
 */
async function ballotsCastBy(
  em: EntityManager,
  meetingId: string,
  personId: string,
  voteId: string | null = null,
): Promise<Map<string, string[]>> {
  const oneVote = voteId ? ' and vote.id = ?' : '';
  const rows = await em.execute<{ vote_id: string; voter_id: string }[]>(
    `select ballot.vote_id, ballot.voter_id from ${table(em, 'seance_ballot')} ballot join ${table(em, 'seance_vote')} vote on vote.id = ballot.vote_id
      where vote.meeting_id = ? and ballot.cast_by = ?${oneVote}
     union all
     select participation.vote_id, participation.voter_id from ${table(em, 'seance_secret_participation')} participation join ${table(em, 'seance_vote')} vote on vote.id = participation.vote_id
      where vote.meeting_id = ?${oneVote} and (participation.voter_id = ? or participation.voter_id in (select giver_id from ${table(em, 'seance_proxy')} where meeting_id = ? and holder_id = ?))`,
    voteId
      ? [meetingId, personId, voteId, meetingId, voteId, personId, meetingId, personId]
      : [meetingId, personId, meetingId, personId, meetingId, personId],
  );
  const byVote = new Map<string, string[]>();
  for (const row of rows) byVote.set(row.vote_id, [...(byVote.get(row.vote_id) ?? []), row.voter_id]);
  return byVote;
}

/** One vote as the caller sees it (what a tablet gets back from its ballot), without reading the whole séance. */
export async function singleVoteView(ctx: Pick<SeanceContext, 'body' | 'em' | 'actor'>, voteId: string): Promise<SeanceVoteType> {
  const { body, em, actor } = ctx;
  const vote = await findVote(em, voteId);
  const [[check], recipients, mine] = await Promise.all([
    em.execute<Record<string, unknown>[]>(`select * from ${table(em, 'seance_quorum_check')} where id = ?`, [vote.quorumCheckId]),
    meetingRecipients(em, vote.meetingId),
    ballotsCastBy(em, vote.meetingId, actor.personId, vote.id),
  ]);
  return voteView({ members: recipients, body, meeting: { id: vote.meetingId } }, vote, checkFrom(check!), mine.get(vote.id) ?? []);
}

/** The séance as the caller sees it; null when none was opened. */
export async function seanceView(ctx: Pick<SeanceContext, 'body' | 'em' | 'actor'>, meetingId: string): Promise<SeanceType | null> {
  const { body, em, actor } = ctx;
  // The live channel's position, taken before the state is read: following from it repeats at worst an
  // event already reflected here, and misses none.
  const [position] = await em.execute<{ snapshot: string }[]>('select pg_current_snapshot()::text as snapshot');
  if (!(await findSeance(em, meetingId))) return null;
  const room = await loadRoom(em, body, meetingId);
  const [agenda, decisions, interests, checks, votes, mine] = await Promise.all([
    agendaOf(em, meetingId),
    em.execute<{ item_id: string; status: SeanceItemStatus }[]>(
      `select item_id, status from ${table(em, 'seance_item')} where meeting_id = ?`,
      [meetingId],
    ),
    em.execute<{ item_id: string; person_id: string }[]>(
      `select item_id, person_id from ${table(em, 'seance_interest')} where meeting_id = ? order by declared_at`,
      [meetingId],
    ),
    em.execute<Record<string, unknown>[]>(
      `select * from ${table(em, 'seance_quorum_check')} where meeting_id = ? order by checked_at, id`,
      [meetingId],
    ),
    em.execute<Record<string, unknown>[]>(`select * from ${table(em, 'seance_vote')} where meeting_id = ? order by opened_at, id`, [
      meetingId,
    ]),
    ballotsCastBy(em, meetingId, actor.personId),
  ]);
  const checkViews = checks.map(checkFrom);
  const voteViews = votes.map(voteFrom).map((vote) =>
    voteView(
      room,
      vote,
      checkViews.find((check) => check.id === vote.quorumCheckId)!,
      mine.get(vote.id) ?? [],
    ),
  );
  const status = (itemId: string): SeanceItemStatus =>
    decisions.find((decision) => decision.item_id === itemId)?.status ??
    (voteViews.some((vote) => vote.itemId === itemId && vote.status === 'CLOSED')
      ? 'VOTED'
      : room.seance.currentItemId === itemId
        ? 'CURRENT'
        : 'PENDING');
  const items = numberAgenda(agenda)
    .flatMap((node) => [node, ...node.children])
    .map((node) =>
      Object.assign(new SeanceItemType(), {
        id: node.id,
        number: node.number,
        title: node.title,
        rapporteur: node.rapporteur ?? null,
        closedSession: node.closedSession,
        status: status(node.id),
        interested: interests.filter((interest) => interest.item_id === node.id).map((interest) => colleague(room, interest.person_id)),
      }),
    );
  const inForce = proxiesInForce(room);
  const quorum = roomQuorum(room);
  return Object.assign(new SeanceType(), {
    meetingId,
    status: room.seance.status,
    electronicVoting: room.seance.electronicVoting,
    openedAt: room.seance.openedAt,
    closedAt: room.seance.closedAt,
    secretaries: room.seance.secretaryIds.map((personId) => colleague(room, personId)),
    closedSession: room.seance.closedSession,
    closedSessionAt: room.seance.closedSessionAt,
    currentItem: items.find((item) => item.id === room.seance.currentItemId) ?? null,
    items,
    attendees: [...room.members.values()]
      .map((member) => {
        const holder = inForce.find((proxy) => proxy.giverId === member.personId)?.holderId;
        return {
          personId: member.personId,
          displayName: member.displayName,
          votingRight: member.votingRight,
          present: inRoom(room, member.personId),
          stays: room.presences
            .filter((stay) => stay.personId === member.personId)
            .map((stay) => ({ arrivedAt: stay.arrivedAt, leftAt: stay.leftAt })),
          representedBy: holder ? colleague(room, holder) : null,
          holdsProxyOf: inForce.filter((proxy) => proxy.holderId === member.personId).map((proxy) => colleague(room, proxy.giverId)),
        };
      })
      .sort((left, right) => left.displayName.localeCompare(right.displayName, 'fr')),
    quorum: Object.assign(new SeanceQuorumCheckType(), {
      id: 'now',
      occasion: 'REQUEST',
      itemId: room.seance.currentItemId,
      checkedAt: new Date(),
      ...quorumFigures(quorum),
    }),
    quorumLostAt: room.seance.quorumLostAt,
    quorumChecks: checkViews,
    votes: voteViews,
    openVote: voteViews.find((vote) => vote.status === 'OPEN') ?? null,
    me: {
      manager: isManager(room, actor),
      member: room.members.has(actor.personId),
      present: inRoom(room, actor.personId),
      holdsProxyOf: inForce.filter((proxy) => proxy.holderId === actor.personId).map((proxy) => colleague(room, proxy.giverId)),
    },
    lastEventId: position!.snapshot,
  });
}
