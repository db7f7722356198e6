// The baseline of scripts/bench/inbox.mjs (docs/benchmarks.md S1): the official's unified inbox served with
// `node:http` + `pg` + `JSON.stringify` and no framework — the same checks and the same SQL as the
// product's `query Inbox` (bearer token verified RS256 against the provider's key, person and memberships,
// bodies, then the caller's rows of the platform inbox index in one statement), the same JSON answer.
// Run as a child of inbox.mjs: env DATABASE_URL, DATABASE_POOL_MAX, JWKS_URL; prints `listening <port>`.
import { createPublicKey, verify } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX),
  options: '-c search_path=platform',
});
const { keys } = await (await fetch(String(process.env.JWKS_URL))).json();
const publicKeys = new Map(keys.map((jwk) => [jwk.kid, createPublicKey({ key: jwk, format: 'jwk' })]));

const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** The token's subject once its RS256 signature and lifetime are checked; null otherwise. */
function subjectOf(authorization) {
  const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/i.exec(authorization ?? '');
  if (!match) return null;
  const [, header, payload, signature] = match;
  const { alg, kid } = decode(header);
  const key = publicKeys.get(kid);
  if (alg !== 'RS256' || !key) return null;
  if (!verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))) return null;
  const claims = decode(payload);
  return typeof claims.exp === 'number' && claims.exp * 1000 > Date.now() && typeof claims.sub === 'string' ? claims.sub : null;
}

const iso = (date) => (date ? date.toISOString() : null);

/** The caller's rows of the inbox index in their bodies: the statement of server/src/body/inbox/inbox-index.ts (`readInbox`). */
async function indexedMeetings(bodies, personId, from) {
  const { rows } = await pool.query(
    `select e.meeting_id, e.body_id, e.assembly, e.title, e.starts_at, e.place, e.status, e.urgent, e.urgency_justification, e.mode, e.voting_right,
            e.first_opened_at, e.acknowledged_at, e.answer, e.last_supplement_at, e.changed_documents_unread, e.last_change
       from platform.inbox_entry e join platform.body b on b.id = e.body_id
      where e.person_id = $1 and e.body_id = any($2::uuid[]) and b.status <> 'SUSPENDED'
        and ($3::timestamptz is null or e.starts_at >= $3) and ($4::timestamptz is null or e.starts_at < $4)
      order by e.starts_at, e.meeting_id
      limit $5`,
    [personId, bodies.map((body) => body.id), from, null, 200],
  );
  const bodyJson = new Map(bodies.map((body) => [body.id, { id: body.id, slug: body.slug, name: body.name, timeZone: body.time_zone }]));
  return rows.map((row) => {
    const answer = row.answer;
    return {
      id: row.meeting_id,
      title: row.title,
      startsAt: row.starts_at.toISOString(),
      status: row.status,
      place: row.place,
      body: bodyJson.get(row.body_id),
      assembly: { id: row.assembly.id, name: row.assembly.name },
      myConvocation: {
        firstOpenedAt: iso(row.first_opened_at),
        acknowledgedAt: iso(row.acknowledged_at),
        answersOpen: row.status === 'CONVENED' && row.starts_at > new Date(),
        answer: answer
          ? {
              id: answer.id,
              response: answer.response,
              proxyHolder: answer.proxyHolderId ? { personId: answer.proxyHolderId, displayName: answer.proxyHolderName ?? '—' } : null,
              illnessDeclared: answer.illnessDeclared,
              recordedAt: new Date(answer.recordedAt).toISOString(),
              recordedOnBehalf: answer.recordedBy !== personId,
            }
          : null,
      },
    };
  });
}

async function inbox(request, body) {
  const subject = subjectOf(request.headers.authorization);
  if (!subject) return { status: 401, json: { errors: [{ message: 'unauthenticated' }] } };
  const from = JSON.parse(body).variables?.from ?? null;
  const {
    rows: [person],
  } = await pool.query('select id, display_name from platform.person where subject = $1', [subject]);
  if (!person) return { status: 403, json: { errors: [{ message: 'unknown account' }] } };
  const { rows: memberships } = await pool.query(
    'select body_id, roles from platform.membership where person_id = $1 and (mandate_end is null or mandate_end >= $2)',
    [person.id, new Date().toISOString().slice(0, 10)],
  );
  const { rows: bodies } = await pool.query(
    `select id, slug, name, time_zone from platform.body where id = any($1) and status = 'ACTIVE' order by name`,
    [memberships.map((membership) => membership.body_id)],
  );
  const myMeetings = await indexedMeetings(bodies, person.id, from);
  return { status: 200, json: { data: { me: { id: person.id, displayName: person.display_name }, myMeetings } } };
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    inbox(request, Buffer.concat(chunks).toString('utf8') || '{}').then(
      ({ status, json }) => {
        const text = JSON.stringify(json);
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        response.end(text);
      },
      (error) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      },
    );
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
