// The baseline of scripts/bench/inbox.mjs (docs/benchmarks.md S1): the official's unified inbox served with
// `node:http` + `pg` + `JSON.stringify` and no framework — the same checks and the same SQL as the
// product's `query Inbox` (bearer token verified RS256 against the provider's key, person and memberships,
// bodies, then per body its meetings and the caller's convocation status), the same JSON answer.
// Run as a child of inbox.mjs: env DATABASE_URL, DATABASE_POOL_MAX, JWKS_URL; prints `listening <port>`.
import { createPublicKey, verify } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';
import { bodySchemaName } from '../../server/dist/tenancy/schema-name.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX), options: '-c search_path=platform' });
const { keys } = await (await fetch(process.env.JWKS_URL)).json();
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

async function bodyMeetings(body, roles, personId, from) {
  const schema = bodySchemaName(body.id);
  const drafts = roles.includes('SECRETARIAT') || roles.includes('BODY_ADMIN') ? '' : `and m.status <> 'DRAFT'`;
  const { rows: meetings } = await pool.query(
    `select m.id, m.title, m.starts_at, m.status, m.place, a.id as assembly_id, a.name as assembly_name
       from ${schema}.meeting m join ${schema}.assembly a on a.id = m.assembly_id
      where ($1::timestamptz is null or m.starts_at >= $1) ${drafts} order by m.starts_at limit 200`,
    [from],
  );
  const ids = meetings.map((meeting) => meeting.id);
  // The statement of server/src/body/convocations/receipts/my-convocation.ts.
  const { rows: statuses } = await pool.query(
    `select r.meeting_id, r.channel, r.voting_right, receipt.first_opened_at, receipt.acknowledged_at,
            answer.id as answer_id, answer.response, answer.proxy_holder_id, answer.illness_declared, answer.recorded_by, answer.recorded_at,
            (select holder.display_name from ${schema}.convocation_recipient holder
              where holder.meeting_id = r.meeting_id and holder.person_id = answer.proxy_holder_id
              order by holder.created_at desc limit 1) as proxy_holder_name
       from (select distinct on (meeting_id) meeting_id, person_id, channel, voting_right from ${schema}.convocation_recipient
              where meeting_id = any($1::uuid[]) and person_id = $2 order by meeting_id, created_at desc) r
       left join ${schema}.meeting_receipt receipt on receipt.meeting_id = r.meeting_id and receipt.person_id = r.person_id
       left join ${schema}.attendance_answer answer on answer.meeting_id = r.meeting_id and answer.person_id = r.person_id and answer.superseded_at is null`,
    [ids, personId],
  );
  const byMeeting = new Map(statuses.map((row) => [row.meeting_id, row]));
  const bodyJson = { id: body.id, slug: body.slug, name: body.name, timeZone: body.time_zone };
  return meetings.map((meeting) => {
    const status = byMeeting.get(meeting.id);
    return {
      id: meeting.id,
      title: meeting.title,
      startsAt: meeting.starts_at,
      status: meeting.status,
      place: meeting.place,
      body: bodyJson,
      assembly: { id: meeting.assembly_id, name: meeting.assembly_name },
      myConvocation: status
        ? {
            firstOpenedAt: iso(status.first_opened_at),
            acknowledgedAt: iso(status.acknowledged_at),
            answersOpen: meeting.status === 'CONVENED' && meeting.starts_at > new Date(),
            answer: status.answer_id
              ? {
                  id: status.answer_id,
                  response: status.response,
                  proxyHolder: status.proxy_holder_id ? { personId: status.proxy_holder_id, displayName: status.proxy_holder_name ?? '—' } : null,
                  illnessDeclared: status.illness_declared,
                  recordedAt: iso(status.recorded_at),
                  recordedOnBehalf: status.recorded_by !== personId,
                }
              : null,
          }
        : null,
    };
  });
}

async function inbox(request, body) {
  const subject = subjectOf(request.headers.authorization);
  if (!subject) return { status: 401, json: { errors: [{ message: 'unauthenticated' }] } };
  const from = JSON.parse(body).variables?.from ?? null;
  const { rows: [person] } = await pool.query('select id, display_name from platform.person where subject = $1', [subject]);
  if (!person) return { status: 403, json: { errors: [{ message: 'unknown account' }] } };
  const { rows: memberships } = await pool.query(
    'select body_id, roles from platform.membership where person_id = $1 and (mandate_end is null or mandate_end >= $2)',
    [person.id, new Date().toISOString().slice(0, 10)],
  );
  const roles = new Map(memberships.map((membership) => [membership.body_id, membership.roles]));
  const { rows: bodies } = await pool.query(`select id, slug, name, time_zone from platform.body where id = any($1) and status = 'ACTIVE' order by name`, [[...roles.keys()]]);
  const perBody = await Promise.all(bodies.map((entry) => bodyMeetings(entry, roles.get(entry.id), person.id, from)));
  const myMeetings = perBody
    .flat()
    .sort((a, b) => a.startsAt - b.startsAt || a.id.localeCompare(b.id))
    .slice(0, 200)
    .map((meeting) => ({ ...meeting, startsAt: meeting.startsAt.toISOString() }));
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
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
