import type { BodyContext } from '../../tenancy/body-context.js';
import { findSeance, loadRoom, nameOf, table, type SeanceStatus } from './seance-room.js';
import { voteFrom, type VoteRow } from './votes/vote.service.js';

/** What the proof file states about a séance: its course, each quorum check, each vote with its result (names for a public ballot). */
export interface SeanceRecord {
  status: SeanceStatus;
  openedAt: Date;
  closedAt: Date | null;
  secretaries: string[];
  closedSession: boolean;
  stays: { name: string; arrivedAt: Date; leftAt: Date | null }[];
  proxies: { giver: string; holder: string; origin: 'ANNOUNCED' | 'HANDED'; from: Date; until: Date | null }[];
  checks: {
    occasion: string;
    checkedAt: Date;
    present: number;
    represented: number;
    required: number | null;
    reached: boolean | null;
    article: string | null;
  }[];
  votes: (VoteRow & { itemTitle: string; ballots: { name: string; choice: string }[] | null })[];
}

/** The séance of a meeting as the proof file states it; null when none was opened. */
export async function seanceRecord({ body, em }: Pick<BodyContext, 'body' | 'em'>, meetingId: string): Promise<SeanceRecord | null> {
  if (!(await findSeance(em, meetingId))) return null;
  const room = await loadRoom(em, body, meetingId);
  const [checks, votes, items, ballots] = await Promise.all([
    em.execute<Record<string, unknown>[]>(
      `select * from ${table(em, 'seance_quorum_check')} where meeting_id = ? order by checked_at, id`,
      [meetingId],
    ),
    em.execute<Record<string, unknown>[]>(`select * from ${table(em, 'seance_vote')} where meeting_id = ? order by opened_at, id`, [
      meetingId,
    ]),
    em.execute<{ id: string; title: string }[]>(`select id, title from ${table(em, 'agenda_item')} where meeting_id = ?`, [meetingId]),
    em.execute<{ vote_id: string; voter_id: string; choice: string }[]>(
      `select ballot.vote_id, ballot.voter_id, ballot.choice from ${table(em, 'seance_ballot')} ballot join ${table(em, 'seance_vote')} vote on vote.id = ballot.vote_id
        where vote.meeting_id = ? and vote.method = 'PUBLIC'`,
      [meetingId],
    ),
  ]);
  return {
    status: room.seance.status,
    openedAt: room.seance.openedAt,
    closedAt: room.seance.closedAt,
    secretaries: room.seance.secretaryIds.map((personId) => nameOf(room, personId)),
    closedSession: room.seance.closedSession,
    stays: room.presences.map((stay) => ({ name: nameOf(room, stay.personId), arrivedAt: stay.arrivedAt, leftAt: stay.leftAt })),
    proxies: room.proxies.map((proxy) => ({
      giver: nameOf(room, proxy.giverId),
      holder: nameOf(room, proxy.holderId),
      origin: proxy.origin,
      from: proxy.validFrom,
      until: proxy.validUntil,
    })),
    checks: checks.map((row) => ({
      occasion: row.occasion as string,
      checkedAt: new Date(row.checked_at as string),
      present: row.present as number,
      represented: row.represented as number,
      required: (row.required as number | null) ?? null,
      reached: (row.reached as boolean | null) ?? null,
      article: (row.article as string | null) ?? null,
    })),
    votes: votes.map(voteFrom).map((vote) => ({
      ...vote,
      itemTitle: items.find((item) => item.id === vote.itemId)?.title ?? '—',
      ballots:
        vote.method === 'PUBLIC'
          ? ballots
              .filter((ballot) => ballot.vote_id === vote.id)
              .map((ballot) => ({ name: nameOf(room, ballot.voter_id), choice: ballot.choice }))
              .sort((left, right) => left.name.localeCompare(right.name, 'fr'))
          : null,
    })),
  };
}
