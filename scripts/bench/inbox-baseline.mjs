// The baseline of scripts/bench/inbox.mjs (docs/benchmarks.md S1): the official's unified inbox served with
// `node:http` + `pg` + `JSON.stringify` and no framework — the same checks and the same statements as the
// product's `query Inbox`, imported from the build (bearer token verified RS256 against the provider's key;
// the person and their seats, kept per subject for 5 s as the product's viewer cache keeps them; then the
// caller's rows of the platform inbox index with their bodies, in one statement), the same JSON answer.
// Run as a child of inbox.mjs: env DATABASE_URL, DATABASE_POOL_MAX, JWKS_URL, LATEST_BODY_MIGRATION; prints `listening <port>`.
import { createPublicKey, verify } from 'node:crypto';
import { createServer } from 'node:http';
import pg from 'pg';
import { viewersBySubjects } from '../../server/dist/auth/viewer-resolver.js';
import { Viewer } from '../../server/dist/auth/viewer.js';
import { inboxStatement } from '../../server/dist/body/inbox/inbox-index.js';

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

/**
 * A statement of the product (`?` placeholders, as MikroORM takes them) with pg's numbered ones.
 * @param {string} statement
 * @returns {string}
 */
const numbered = (statement) => {
  let index = 0;
  return statement.replace(/\?/g, () => `$${++index}`);
};
const inboxSql = numbered(inboxStatement);

/** The viewer of a subject, kept 5 s (the product's `defaultViewerCacheOptions`). */
const viewers = new Map();
async function viewerOf(subject) {
  const cached = viewers.get(subject);
  if (cached && cached.expiresAt > Date.now()) return cached.viewer;
  const {
    rows: [viewer],
  } = await pool.query(
    viewersBySubjects.text,
    viewersBySubjects.names.map((name) => ({ at: new Date(), keys: [subject] })[name]),
  );
  if (viewer) viewers.set(subject, { viewer, expiresAt: Date.now() + 5_000 });
  return viewer;
}

/** The caller's rows of the inbox index in their bodies: the product's statement (`readInbox`). */
async function indexedMeetings(bodyIds, personId, from) {
  const ids = `{${bodyIds.join(',')}}`;
  const { rows } = await pool.query(inboxSql, [ids, process.env.LATEST_BODY_MIGRATION || null, personId, ids, from, from, null, null, 200]);
  return rows
    .filter((row) => row.meeting_id !== null)
    .map((row) => {
      const answer = row.answer;
      return {
        id: row.meeting_id,
        title: row.title,
        startsAt: row.starts_at.toISOString(),
        status: row.status,
        place: row.place,
        body: { id: row.body_id, slug: row.body.slug, name: row.body.name, timeZone: row.body.timeZone },
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
  const viewer = await viewerOf(subject);
  if (!viewer) return { status: 403, json: { errors: [{ message: 'unknown account' }] } };
  // The bodies whose roles read, by the product's own rule (`Viewer.can`).
  const seats = new Viewer(viewer.id, [], new Map(viewer.memberships.map(({ body, roles }) => [body, roles])));
  const bodyIds = seats.bodyIds.filter((id) => seats.can(id, 'read'));
  const myMeetings = await indexedMeetings(bodyIds, viewer.id, from);
  return { status: 200, json: { data: { me: { id: viewer.id, displayName: viewer.display_name }, myMeetings } } };
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
