import type { EntityManager } from '@mikro-orm/postgresql';
import type { Body } from '../../../platform/bodies/body.entity.js';
import { PreparedStatement } from '../../../db/prepared-statement.js';
import type { BodyServices } from '../../../tenancy/body-context.js';
import { isManager, type SeanceContext } from '../seance.service.js';
import { loadRoom, table } from '../seance-room.js';
import { checkFrom, voteView } from '../seance-view.js';
import type { SeanceVoteType } from '../seance.type.js';
import { findVote, type BallotChoice, type CastBallotInput, type VoteRow } from './vote.service.js';

/**
 * What a ballot reads of its vote that cannot change while the vote is open: the vote as opened, its
 * quorum check, and the members convened and in office on the meeting's day (names, voting right) with
 * the président. Read once per vote and process with the full rules (`loadRoom`), dropped when the vote
 * closes. What moves during a vote — who is in the room, the pouvoirs in force, the séance's status and
 * quorum, the vote's own status — is never cached: the ballot's statement checks it.
 */
interface VoteFacts {
  vote: VoteRow;
  room: Parameters<typeof voteView>[0];
  presidentId: string | null;
  check: ReturnType<typeof checkFrom>;
  votingMemberIds: string[];
}

const cachedFacts = new Map<string, Promise<VoteFacts>>();
const maxCachedVotes = 200;
const factsKey = (em: EntityManager, voteId: string) => `${em.schema}:${voteId}`;

function voteFacts(body: Body, em: EntityManager, voteId: string): Promise<VoteFacts> {
  const key = factsKey(em, voteId);
  let facts = cachedFacts.get(key);
  if (!facts) {
    facts = (async () => {
      const reader = em.fork();
      const vote = await findVote(reader, voteId);
      const room = await loadRoom(reader, body, vote.meetingId);
      const [check] = await reader.execute<Record<string, unknown>[]>(
        `select * from ${table(reader, 'seance_quorum_check')} where id = ?`,
        [vote.quorumCheckId],
      );
      const votingMemberIds = [...room.members.values()].filter((member) => member.votingRight).map((member) => member.personId);
      return {
        vote,
        room: { members: room.members, body, meeting: { id: vote.meetingId } },
        presidentId: room.presidentId,
        check: checkFrom(check!),
        votingMemberIds,
      };
    })();
    // Only an open vote's facts are kept; a failed read is not kept either.
    facts.then((read) => read.vote.status === 'OPEN' || cachedFacts.delete(key)).catch(() => cachedFacts.delete(key));
    if (cachedFacts.size >= maxCachedVotes) cachedFacts.delete(cachedFacts.keys().next().value!);
    cachedFacts.set(key, facts);
  }
  return facts;
}

/** A vote closed (or about to be): its facts are no longer kept. */
export function forgetVoteFacts(em: EntityManager, voteId: string): void {
  cachedFacts.delete(factsKey(em, voteId));
}

/**
 * The ballot as one statement, its own transaction (one round trip): the vote is open, electronic and
 * share-locked (its close waits for it), the séance sits with its quorum, the caller is in the room, the
 * voter is the caller or the giver of a pouvoir the caller holds in force, neither declared an interest;
 * then the ballot (or, secret, the participation and the anonymous tally) and the live events. No NOTIFY:
 * the caller announces the events once the statement has committed (`SeanceLiveAnnouncer`).
 * The live count and the caller's ballots are read in the same statement: those committed before it, and this one.
 */
function ballotStatement(em: EntityManager, secret: boolean): string {
  const t = (name: string) => table(em, name);
  const recorded = secret
    ? `participation as (insert into ${t('seance_secret_participation')} (vote_id, voter_id) select id, $voter::uuid from eligible on conflict do nothing returning vote_id),
       tally as (insert into ${t('seance_secret_tally')} (vote_id, choice, ballots) select vote_id, $choice::text, 1 from participation
                 on conflict (vote_id, choice) do update set ballots = ${t('seance_secret_tally')}.ballots + 1),
       cast_now as (select vote.meeting_id from vote join participation on true),
       counted as (select count(*) + 1 as ballots_cast, null::jsonb as counts from ${t('seance_secret_participation')} where vote_id = $vote::uuid),
       mine as (select voter_id from ${t('seance_secret_participation')} where vote_id = $vote::uuid
                   and (voter_id = $actor::uuid or voter_id in (select x.giver_id from vote join ${t('seance_proxy')} x on x.meeting_id = vote.meeting_id and x.holder_id = $actor::uuid)))`
    : `ballot as (insert into ${t('seance_ballot')} (vote_id, voter_id, cast_by, choice, cast_at) select id, $voter::uuid, $actor::uuid, $choice::text, $at::timestamptz from eligible on conflict do nothing returning vote_id),
       cast_now as (select vote.meeting_id from vote join ballot on true),
       counted as (select sum(ballots) as ballots_cast, jsonb_object_agg(choice, ballots) as counts
                     from (select choice, count(*) as ballots from (select choice from ${t('seance_ballot')} where vote_id = $vote::uuid union all select $choice::text) as every group by choice) as per_choice),
       mine as (select voter_id from ${t('seance_ballot')} where vote_id = $vote::uuid and cast_by = $actor::uuid)`;
  const sql = `
    with vote as (
      select v.id, v.meeting_id, v.item_id from ${t('seance_vote')} v
       where v.id = $vote::uuid and v.status = 'OPEN' and v.electronic and v.method = $method::text
         and exists (select 1 from ${t('seance')} s where s.meeting_id = v.meeting_id and s.status = 'OPEN' and s.quorum_lost_at is null)
       for share
    ),
    interested as (select i.person_id from vote join ${t('seance_interest')} i on i.meeting_id = vote.meeting_id and i.item_id = vote.item_id),
    present as (select p.person_id from vote join ${t('seance_presence')} p on p.meeting_id = vote.meeting_id and p.left_at is null),
    in_force as (select x.giver_id, x.holder_id from vote join ${t('seance_proxy')} x on x.meeting_id = vote.meeting_id and x.valid_until is null),
    eligible as (
      select vote.id from vote
       where $actor::uuid in (select person_id from present)
         and not exists (select 1 from interested where person_id in ($voter::uuid, $actor::uuid))
         and ($voter::uuid = $actor::uuid or exists (select 1 from in_force where giver_id = $voter::uuid and holder_id = $actor::uuid))
    ),
    ${recorded},
    room as (
      select (select count(*) from present where person_id = any($voting::uuid[]) and person_id not in (select person_id from interested))
           + (select count(*) from in_force where giver_id = any($voting::uuid[]) and giver_id not in (select person_id from interested)
                and holder_id not in (select person_id from interested) and holder_id in (select person_id from present)) as eligible
    ),
    logged as (
      insert into ${t('seance_event')} (meeting_id, kind, audience, payload)
      select cast_now.meeting_id, event.kind, 'MANAGERS', event.payload from cast_now, counted, room,
        lateral (values (1, 'SEANCE_BALLOT_CAST', $castPayload::jsonb),
                        (2, 'SEANCE_VOTE_COUNT', jsonb_build_object('voteId', $vote::uuid, 'cast', counted.ballots_cast, 'eligible', room.eligible, 'counts', counted.counts))) as event (rank, kind, payload)
       order by event.rank
    )
    select array(select voter_id from mine union select $voter::uuid)::text[] as mine from cast_now`;
  return sql;
}

/** The statement of each body's schema, prepared (parsed and planned once per pooled connection). */
const statements = new Map<string, PreparedStatement>();

function preparedStatement(em: EntityManager, secret: boolean): PreparedStatement {
  const key = `${em.schema}:${secret}`;
  let statement = statements.get(key);
  if (!statement) {
    statement = new PreparedStatement(ballotStatement(em, secret));
    if (statements.size >= maxCachedVotes) statements.clear();
    statements.set(key, statement);
  }
  return statement;
}

/**
 * The lean path of a ballot from a tablet, for the common case — an official voting for themself or
 * for the pouvoir they hold, on an open electronic vote: the cached facts of the vote and one statement,
 * its own transaction. Null when this path does not apply or the statement
 * recorded nothing (closed vote, absent, interested, pouvoir not held, quorum lost, double vote…): the
 * caller then runs the full rules (`castBallot`), which record the ballot or say exactly why not.
 */
export async function castBallotLean(
  ctx: SeanceContext & { services: Pick<BodyServices, 'seanceLive'> },
  input: CastBallotInput,
): Promise<SeanceVoteType | null> {
  const { body, em, actor } = ctx;
  const facts = await voteFacts(body, em, input.voteId).catch(() => null);
  if (!facts) return null;
  const { vote } = facts;
  const voterId = input.voterId ?? actor.personId;
  // A roll call by the secretariat or the président, and whatever the facts already refuse, take the full path.
  if (voterId !== actor.personId && isManager({ presidentId: facts.presidentId }, actor)) return null;
  const allowed: readonly BallotChoice[] =
    vote.method === 'SECRET' ? ['FOR', 'AGAINST', 'BLANK'] : ['FOR', 'AGAINST', 'ABSTENTION', 'NOT_VOTING'];
  if (!allowed.includes(input.choice) || !facts.votingMemberIds.includes(voterId)) return null;
  const at = ctx.now();
  const castPayload =
    vote.method === 'SECRET'
      ? { voteId: vote.id, voterId, castBy: actor.personId }
      : { voteId: vote.id, voterId, castBy: actor.personId, choice: input.choice, at: at.toISOString() };
  const [recorded] = await preparedStatement(em, vote.method === 'SECRET').execute<{ mine: string[] }>(em, {
    vote: vote.id,
    method: vote.method,
    actor: actor.personId,
    voter: voterId,
    choice: input.choice,
    at,
    voting: facts.votingMemberIds,
    castPayload: JSON.stringify(castPayload),
  });
  if (!recorded) return null;
  // Committed: the live channel is told now, without a NOTIFY in the ballot's own commit (see SeanceLiveHub).
  ctx.services.seanceLive.announce(em.schema!, vote.meetingId);
  // The caller's ballots on this vote (the statement's snapshot, and this one): what the tablet shows as done.
  return voteView(facts.room, vote, facts.check, recorded.mine);
}
