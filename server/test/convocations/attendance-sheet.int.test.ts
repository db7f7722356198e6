import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectPdf } from '../../src/media/pdf-inspector.js';
import { startHarness, testPublicUrl, type TestHarness } from '../helpers/harness.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from './fixtures.js';

let harness: TestHarness;
let token: string;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  token = await harness.token('secretariat.ville');
});
afterAll(() => harness?.close());

const answerMutation = 'mutation ($bodyId: ID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { id } }';
const sheetQuery = 'query ($id: ID!) { body(slug: "ville-besancon") { meeting(id: $id) { proof { attendanceSheetUrl } } } }';

describe('the feuille d’émargement', () => {
  it('lists the officials convened with their announced answers and proxies, and a box to sign', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', { inDays: 20, items: 1, title: 'Conseil municipal de décembre' });
    const before = await harness.graphql<{ body: { meeting: { proof: null } } }>(sheetQuery, { id: meetingId }, token);
    expect(before.data!.body.meeting.proof).toBeNull();

    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, { kind: 'NOTE_SYNTHESE', title: 'Note explicative de synthèse' });
    expect((await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token)).errors).toBeUndefined();
    const db = databaseOf(harness);
    const present = await harness.graphql(answerMutation, { bodyId, input: { meetingId, response: 'PRESENT' } }, await harness.token('claire.martin'));
    expect(present.errors).toBeUndefined();
    const proxy = await harness.graphql(
      answerMutation,
      { bodyId, input: { meetingId, response: 'PROXY', proxyHolderId: await db.personId('sophie.lambert'), onBehalfOf: await db.personId('paul.bernard') } },
      token,
    );
    expect(proxy.errors).toBeUndefined();

    const links = await harness.graphql<{ body: { meeting: { proof: { attendanceSheetUrl: string } } } }>(sheetQuery, { id: meetingId }, token);
    const url = links.data!.body.meeting.proof.attendanceSheetUrl;
    expect(url).toMatch(new RegExp(`^${testPublicUrl}/proof/[^/]+/emargement\\.pdf$`));
    const response = await harness.http.get(url.replace(testPublicUrl, '')).buffer(true).parse((reply, done) => {
      const chunks: Buffer[] = [];
      reply.on('data', (chunk: Buffer) => chunks.push(chunk));
      reply.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/pdf/);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'cartable-sheet-')), 'emargement.pdf');
    await writeFile(file, response.body as Buffer);
    const text = (await inspectPdf(file)).pages.map((page) => page.text).join('\n').replace(/\s+/g, ' ');
    expect(text).toContain('Feuille d’émargement');
    expect(text).toContain('Conseil municipal de décembre');
    expect(text).toMatch(/Claire Martin Présent\(e\)/);
    expect(text).toMatch(/Paul Bernard Absent\(e\), pouvoir Pouvoir donné à Sophie Lambert/);
    expect(text).toMatch(/Sophie Lambert Sans réponse Pouvoir de Paul Bernard/);
    expect(text).toContain('Membres en exercice : 9. Quorum : 5');
    // The nine councillors, in the order of the names.
    const order = ['Anne Vignot', 'Claire Martin', 'Élodie Roussel', 'Jean-Marc Girard', 'Karim Benali', 'Nadia Haddad', 'Paul Bernard', 'Sophie Lambert', 'Thomas Vidal'].map((name) => text.indexOf(name));
    expect(order.every((position, index) => position > 0 && (index === 0 || position > order[index - 1]!))).toBe(true);
  });

  it('is handed to the body’s secretariat only', async () => {
    const { bodyId, meetingId } = await createMeeting(harness, token, 'ville-besancon', { inDays: 20, items: 1 });
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, { kind: 'NOTE_SYNTHESE', title: 'Note explicative de synthèse' });
    expect((await harness.graphql(sendMutation, { bodyId, input: { meetingId } }, token)).errors).toBeUndefined();
    const official = await harness.graphql(sheetQuery, { id: meetingId }, await harness.token('claire.martin'));
    expect(official.errors?.[0]).toMatchObject({ path: ['body', 'meeting', 'proof'], extensions: { code: 'NOT_FOUND' } });
    expect((await harness.http.get('/proof/forged.link/emargement.pdf')).status).toBe(404);
  });
});
