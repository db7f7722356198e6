// The tablets of `seance-votes.mjs`, in a process of their own (forked by it, driven over IPC): the 150
// officials' clicks, the président's tablet on the live channel, the `{ me }` floor and the baseline's bare
// insert + NOTIFY with its LISTEN client. Real tablets are other machines: here they no longer share the
// server's event loop and CPU accounting, and both sides of the comparison are timed by the same client
// process, from the click to the receipt.
//
// Messages: `init` (the server, the database, the officials and their tokens) → `ready`; `run` with
// `side` 'product' (and `itemId`), 'baseline' or 'floor' → `result` (votes/s, p50, p99, this process's
// CPU); any failure → `failed`. Killed by the benchmark when it ends.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sseParser } from '../../web/src/seance/sse.ts';

/** Percentile of a list of durations (nearest rank). */
const percentile = (values, p) => {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** Votes/s over the time to the last receipt, and the percentiles of the click-to-receipt times. */
function figures(clicks, receipts, started) {
  const ids = [...clicks.keys()];
  const latencies = ids.map((id) => receipts.get(id) - clicks.get(id));
  const last = Math.max(...ids.map((id) => receipts.get(id)));
  return { votesPerSecond: ids.length / ((last - started) / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Resolves when `until()` holds, checked at each `check()` (an event arrived), or fails after `limitMs`. */
function condition(what) {
  let waiter = null;
  return {
    check: () => {
      if (waiter?.until()) {
        waiter.resolve();
        waiter = null;
      }
    },
    wait: (until, limitMs = 120_000) =>
      until()
        ? Promise.resolve()
        : new Promise(
            /** @param {(value?: unknown) => void} resolve */ (resolve, reject) => {
              const timer = setTimeout(() => reject(new Error(`${what} did not see every ballot`)), limitMs);
              waiter = { until, resolve: () => (clearTimeout(timer), resolve()) };
            },
          ),
  };
}

/** The président's tablet: reads the live channel and stamps each ballot the moment it arrives. */
async function presidentTablet(baseUrl, token, bodyId, meetingId) {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/live/seance?bodyId=${bodyId}&meetingId=${meetingId}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  if (response.status !== 200) throw new Error(`live channel: ${response.status} ${await response.text()}`);
  if (!response.body) throw new Error('live channel: no body');
  const seen = new Map();
  const arrived = condition('the président');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  // Read as the web app's tablets read it (web/src/seance/sse.ts).
  const feed = sseParser();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        for (const { data } of feed(value)) {
          if (!data) continue;
          const event = JSON.parse(data);
          if (event.kind === 'SEANCE_BALLOT_CAST') seen.set(`${event.payload.voteId}:${event.payload.voterId}`, performance.now());
          arrived.check();
        }
      }
    } catch {
      // Closed.
    }
  })();
  return { seen, waitFor: arrived.wait, close: () => controller.abort() };
}

const openVoteMutation =
  'mutation ($bodyId: UUID!, $input: OpenVoteInput!) { openVote(bodyId: $bodyId, input: $input) { openVote { id } } }';
const castMutation = 'mutation ($bodyId: UUID!, $input: CastBallotInput!) { castBallot(bodyId: $bodyId, input: $input) { id myBallots } }';
const closeMutation =
  'mutation ($bodyId: UUID!, $input: CloseVoteInput!) { closeVote(bodyId: $bodyId, input: $input) { votes { result figures { for against } } } }';

/** @typedef {{ baseUrl: string, databaseUrl: string, poolMax: number, bodyId: string, meetingId: string, officials: { id: string, token: string }[], secretariatToken: string, presidentToken: string }} Init */

/** @param {Init} init */
async function start(init) {
  const { baseUrl, bodyId, meetingId, officials } = init;
  const graphql = async (token, query, variables) => {
    const reply = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const json = await reply.json();
    if (json.errors) throw new Error(JSON.stringify(json.errors).slice(0, 400));
    return json.data;
  };
  // Each account is bound at its first request.
  for (const token of [...officials.map((official) => official.token), init.secretariatToken, init.presidentToken])
    await graphql(token, '{ me { id } }');
  const tablet = await presidentTablet(baseUrl, init.presidentToken, bodyId, meetingId);

  /** One vote: every official clicks at the same moment; the président's tablet stamps each ballot. */
  const product = async (itemId) => {
    const opened = await graphql(init.secretariatToken, openVoteMutation, {
      bodyId,
      input: { meetingId, itemId, method: 'HAND', electronic: true },
    });
    const voteId = opened.openVote.openVote.id;
    const clicks = new Map();
    const started = performance.now();
    await Promise.all(
      officials.map(async (official, index) => {
        clicks.set(`${voteId}:${official.id}`, performance.now());
        await graphql(official.token, castMutation, { bodyId, input: { voteId, choice: index % 5 === 0 ? 'AGAINST' : 'FOR' } });
      }),
    );
    await tablet.waitFor(() => [...clicks.keys()].every((key) => tablet.seen.has(key)));
    const result = figures(clicks, tablet.seen, started);
    const closed = await graphql(init.presidentToken, closeMutation, { bodyId, input: { voteId } });
    const counted = closed.closeVote.votes.at(-1).figures;
    if (counted.for + counted.against !== officials.length)
      throw new Error(`counted ${counted.for + counted.against} ballots of ${officials.length}`);
    return result;
  };

  // Baseline: the same number of ballots, each one insert + pg_notify in its transaction, through a pool of
  // the same size as the server's, seen by a LISTEN client.
  const pool = new pg.Pool({ connectionString: init.databaseUrl, max: init.poolMax });
  await pool.query(
    'create table if not exists bench_ballot (vote_id uuid not null, voter_id uuid not null, choice text not null, cast_at timestamptz not null default now(), primary key (vote_id, voter_id))',
  );
  const listener = new pg.Client({ connectionString: init.databaseUrl });
  await listener.connect();
  await listener.query('listen bench_ballot');
  const heard = new Map();
  const notified = condition('the LISTEN client');
  listener.on('notification', (message) => {
    heard.set(message.payload, performance.now());
    notified.check();
  });
  const baseline = async () => {
    const voteId = randomUUID();
    const clicks = new Map();
    const started = performance.now();
    await Promise.all(
      officials.map(async (official, index) => {
        clicks.set(`${voteId}:${official.id}`, performance.now());
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query('insert into bench_ballot (vote_id, voter_id, choice) values ($1, $2, $3)', [
            voteId,
            official.id,
            index % 5 === 0 ? 'AGAINST' : 'FOR',
          ]);
          await client.query('select pg_notify($1, $2)', ['bench_ballot', `${voteId}:${official.id}`]);
          await client.query('commit');
        } finally {
          client.release();
        }
      }),
    );
    await notified.wait(() => [...clicks.keys()].every((key) => heard.has(key)));
    return figures(clicks, heard, started);
  };

  // The floor of any API call: the same officials asking `{ me { id } }` at once (token, person,
  // memberships, GraphQL), to tell the stack's cost from the séance's. Stamped at each reply.
  const floor = async () => {
    const clicks = new Map();
    const replies = new Map();
    const started = performance.now();
    await Promise.all(
      officials.map(async (official) => {
        clicks.set(official.id, performance.now());
        await graphql(official.token, '{ me { id } }');
        replies.set(official.id, performance.now());
      }),
    );
    return figures(clicks, replies, started);
  };

  return { sides: { product, baseline, floor } };
}

/** @typedef {{ type: 'init', init: Init } | { type: 'run', side: 'product' | 'baseline' | 'floor', itemId?: string }} Message */

/** Replies to the benchmark's process (forked with an IPC channel). */
const send = (/** @type {Record<string, unknown>} */ message) => {
  if (!process.send) throw new Error('seance-tablets.mjs runs forked by seance-votes.mjs');
  process.send(message);
};

/** @type {Awaited<ReturnType<typeof start>> | null} */
let tablets = null;
process.on('message', async (/** @type {Message} */ message) => {
  try {
    if (message.type === 'init') {
      tablets = await start(message.init);
      send({ type: 'ready' });
    } else if (message.type === 'run') {
      if (!tablets) throw new Error('run before init');
      const before = process.cpuUsage();
      const result = await tablets.sides[message.side](message.itemId);
      const cpu = process.cpuUsage(before);
      send({ type: 'result', result: { ...result, clientCpuMs: (cpu.user + cpu.system) / 1000 } });
    }
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
