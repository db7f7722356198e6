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
/** A vote in this process's caches: its body's schema and its id. */
const voteKey = (schema: string | undefined, voteId: string) => `${schema}:${voteId}`;

function voteFacts(body: Body, em: EntityManager, voteId: string): Promise<VoteFacts> {
  const key = voteKey(em.schema, voteId);
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

/**
 * A vote just opened for the tablets: its facts are read now, while the président announces it, rather
 * than by the first ballot of the room voting at once (which the others would wait for). Never fails: a
 * failed read is read again by the first ballot.
 */
export async function primeVoteFacts(ctx: Pick<SeanceContext, 'body' | 'em'>, voteId: string): Promise<void> {
  await voteFacts(ctx.body, ctx.em, voteId).catch(() => undefined);
}

/** A vote closed (or about to be): its facts are no longer kept. */
export function forgetVoteFacts(em: EntityManager, voteId: string): void {
  cachedFacts.delete(voteKey(em.schema, voteId));
}

/**
 * The ballots of one vote as one statement, its own transaction (one round trip), whether it carries
 * one ballot or the tens that arrived together: the vote is open, electronic and share-locked (its close
 * waits for it), the séance sits with its quorum; then, for each ballot on its own, the caller is in the
 * room, the voter is the caller or the giver of a pouvoir the caller holds in force, neither declared an
 * interest; then the ballots that pass (or, secret, the participations and the anonymous tally), a
 * `SEANCE_BALLOT_CAST` event for each and one live count after them. No NOTIFY: the caller announces the
 * events once the statement has committed (`SeanceLiveAnnouncer`). A row per ballot recorded: its rank in
 * the input and the caller's ballots on the vote (those committed before, and this statement's). The
 * voters of one statement are distinct (`BallotQueue`), so a double vote is the conflict with a ballot
 * committed before.
 */
function ballotStatement(em: EntityManager, secret: boolean): string {
  const t = (name: string) => table(em, name);
  const recorded = secret
    ? `participation as (insert into ${t('seance_secret_participation')} (vote_id, voter_id)
                          select vote_id, voter from eligible order by rank on conflict do nothing returning voter_id),
       cast_now as (select eligible.* from eligible join participation on participation.voter_id = eligible.voter),
       tally as (insert into ${t('seance_secret_tally')} (vote_id, choice, ballots) select vote_id, choice, count(*) from cast_now group by vote_id, choice
                 on conflict (vote_id, choice) do update set ballots = ${t('seance_secret_tally')}.ballots + excluded.ballots),
       counted as (select (select count(*) from ${t('seance_secret_participation')} where vote_id = $vote::uuid) + (select count(*) from cast_now) as ballots_cast,
                          null::jsonb as counts),
       participant as (select voter_id from ${t('seance_secret_participation')} where vote_id = $vote::uuid union select voter from cast_now),
       mine as (select caster.actor, participant.voter_id from (select distinct actor from cast_now) as caster
                  join participant on participant.voter_id = caster.actor
                    or participant.voter_id in (select x.giver_id from vote join ${t('seance_proxy')} x on x.meeting_id = vote.meeting_id and x.holder_id = caster.actor))`
    : `ballot as (insert into ${t('seance_ballot')} (vote_id, voter_id, cast_by, choice, cast_at)
                   select vote_id, voter, actor, choice, at from eligible order by rank on conflict do nothing returning voter_id),
       cast_now as (select eligible.* from eligible join ballot on ballot.voter_id = eligible.voter),
       counted as (select sum(ballots) as ballots_cast, jsonb_object_agg(choice, ballots) as counts
                     from (select choice, count(*) as ballots
                             from (select choice from ${t('seance_ballot')} where vote_id = $vote::uuid union all select choice from cast_now) as every
                            group by choice) as per_choice),
       mine as (select cast_by as actor, voter_id from ${t('seance_ballot')} where vote_id = $vote::uuid and cast_by in (select actor from cast_now)
                union select actor, voter from cast_now)`;
  return `
    with input as (
      select * from unnest($actors::uuid[], $voters::uuid[], $choices::text[], $ats::timestamptz[], $payloads::text[])
        with ordinality as ballot (actor, voter, choice, at, payload, rank)
    ),
    vote as (
      select v.id, v.meeting_id, v.item_id from ${t('seance_vote')} v
       where v.id = $vote::uuid and v.status = 'OPEN' and v.electronic and v.method = $method::text
         and exists (select 1 from ${t('seance')} s where s.meeting_id = v.meeting_id and s.status = 'OPEN' and s.quorum_lost_at is null)
       for share
    ),
    interested as (select i.person_id from vote join ${t('seance_interest')} i on i.meeting_id = vote.meeting_id and i.item_id = vote.item_id),
    present as (select p.person_id from vote join ${t('seance_presence')} p on p.meeting_id = vote.meeting_id and p.left_at is null),
    in_force as (select x.giver_id, x.holder_id from vote join ${t('seance_proxy')} x on x.meeting_id = vote.meeting_id and x.valid_until is null),
    eligible as (
      select vote.id as vote_id, input.* from vote, input
       where input.actor in (select person_id from present)
         and not exists (select 1 from interested where person_id in (input.voter, input.actor))
         and (input.voter = input.actor or exists (select 1 from in_force where giver_id = input.voter and holder_id = input.actor))
    ),
    ${recorded},
    room as (
      select (select count(*) from present where person_id = any($voting::uuid[]) and person_id not in (select person_id from interested))
           + (select count(*) from in_force where giver_id = any($voting::uuid[]) and giver_id not in (select person_id from interested)
                and holder_id not in (select person_id from interested) and holder_id in (select person_id from present)) as eligible
    ),
    logged as (
      insert into ${t('seance_event')} (meeting_id, kind, audience, payload)
      select vote.meeting_id, event.kind, 'MANAGERS', event.payload from vote,
        (select rank, 'SEANCE_BALLOT_CAST' as kind, payload::jsonb as payload from cast_now
         union all
         select cardinality($actors::uuid[]) + 1, 'SEANCE_VOTE_COUNT',
                jsonb_build_object('voteId', $vote::uuid, 'cast', counted.ballots_cast, 'eligible', room.eligible, 'counts', counted.counts)
           from counted, room where exists (select 1 from cast_now)) as event
       order by event.rank
    )
    select cast_now.rank, array(select voter_id from mine where mine.actor = cast_now.actor)::text[] as mine from cast_now`;
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

/** A ballot waiting for its statement: what the statement needs of it, and its caller's answer. */
interface QueuedBallot {
  actor: string;
  voter: string;
  choice: BallotChoice;
  at: Date;
  payload: string;
  /** The caller's ballots on the vote once recorded; null when the statement did not record it. */
  settle(mine: string[] | null): void;
  fail(error: unknown): void;
}

/** The ballots of one vote in this process: the statement running, if any, and those waiting for the next. */
interface BallotQueue {
  running: boolean;
  waiting: QueuedBallot[];
}

const queues = new Map<string, BallotQueue>();
/** The most ballots one statement carries (a council has at most a few hundred members). */
const maxBallotsPerStatement = 500;
/** The longest the tablets' answers wait for the président's count (`countFirst`). */
const countFirstAtMostMs = 1_000;

/**
 * The président's count first: the live channel is served before the tablets get their answers (each
 * answer is a GraphQL response to build; a burst's held the count back) — but the answers never depend
 * on the live channel's health: after `countFirstAtMostMs` they go anyway.
 */
async function countFirst(served: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([served, new Promise<void>((resolve) => (timer = setTimeout(resolve, countFirstAtMostMs)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** How many ballots of a vote wait for the statement running (tests and diagnostics). */
export function ballotsWaiting(schema: string, voteId: string): number {
  return queues.get(voteKey(schema, voteId))?.waiting.length ?? 0;
}

/**
 * Group commit: the ballots of a vote that arrive while its statement runs wait for it, then go
 * together in the next one — one round trip, one commit and one announcement for tens of ballots when
 * a room votes at once, and no wait at all for a ballot that arrives alone. Each ballot is still checked,
 * recorded or refused on its own (a refused one takes the full rules, which say why). A voter appears
 * at most once in a statement: a second ballot for the same voter waits for the next one, where it is
 * the double vote it is. The values are checked before they queue (ids, choice, voter of the vote): what
 * can still fail the statement (the database) fails each ballot of it, as it would have failed them one
 * by one.
 */
function queueBallot(
  ctx: SeanceContext & { services: Pick<BodyServices, 'seanceLive'> },
  vote: VoteRow,
  votingMemberIds: string[],
  ballot: Omit<QueuedBallot, 'settle' | 'fail'>,
): Promise<string[] | null> {
  const { em } = ctx;
  const key = voteKey(em.schema, vote.id);
  let queue = queues.get(key);
  if (!queue) {
    queue = { running: false, waiting: [] };
    queues.set(key, queue);
  }
  const queued = new Promise<string[] | null>((settle, fail) => queue.waiting.push({ ...ballot, settle, fail }));
  if (!queue.running) void drain(queue);
  return queued;

  async function drain(queue: BallotQueue): Promise<void> {
    queue.running = true;
    try {
      while (queue.waiting.length > 0) {
        const voters = new Set<string>();
        const batch: QueuedBallot[] = [];
        const later: QueuedBallot[] = [];
        for (const waiting of queue.waiting) {
          if (batch.length < maxBallotsPerStatement && !voters.has(waiting.voter)) {
            voters.add(waiting.voter);
            batch.push(waiting);
          } else later.push(waiting);
        }
        queue.waiting = later;
        const answer = await record(batch);
        if (answer.recorded) void countFirst(ctx.services.seanceLive.announce(em.schema!, vote.meetingId)).then(answer.settle);
        else answer.settle();
      }
    } finally {
      queue.running = false;
      queues.delete(key);
    }
  }

  /** Runs the statement for a batch: whether it recorded a ballot, and how to answer each caller. */
  async function record(batch: QueuedBallot[]): Promise<{ recorded: boolean; settle: () => void }> {
    let rows: { rank: string; mine: string[] }[];
    try {
      rows = await preparedStatement(em, vote.method === 'SECRET').execute(em, {
        vote: vote.id,
        method: vote.method,
        actors: batch.map((ballot) => ballot.actor),
        voters: batch.map((ballot) => ballot.voter),
        choices: batch.map((ballot) => ballot.choice),
        ats: batch.map((ballot) => ballot.at.toISOString()),
        payloads: batch.map((ballot) => ballot.payload),
        voting: votingMemberIds,
      });
    } catch (error) {
      return { recorded: false, settle: () => batch.forEach((ballot) => ballot.fail(error)) };
    }
    const mineByRank = new Map(rows.map((row) => [Number(row.rank), row.mine]));
    return { recorded: rows.length > 0, settle: () => batch.forEach((ballot, index) => ballot.settle(mineByRank.get(index + 1) ?? null)) };
  }
}

/**
 * The lean path of a ballot from a tablet, for the common case — an official voting for themself or
 * for the pouvoir they hold, on an open electronic vote: the cached facts of the vote and one statement
 * shared with the ballots arriving together (`queueBallot`), its own transaction. Null when this path
 * does not apply or the statement recorded nothing (closed vote, absent, interested, pouvoir not held,
 * quorum lost, double vote…): the caller then runs the full rules (`castBallot`), which record the
 * ballot or say exactly why not.
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
  const mine = await queueBallot(ctx, vote, facts.votingMemberIds, {
    actor: actor.personId,
    voter: voterId,
    choice: input.choice,
    at,
    payload: JSON.stringify(castPayload),
  });
  if (!mine) return null;
  // The caller's ballots on this vote (the statement's snapshot, and this one): what the tablet shows as done.
  return voteView(facts.room, vote, facts.check, mine);
}
