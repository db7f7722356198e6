import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { TimestampAnchor } from '../../src/evidence/timestamp-anchor.entity.js';
import { verifyAnchors } from '../../src/evidence/anchor-verification.js';
import { storedManifest } from '../../src/body/convocations/manifest-anchoring.js';
import { inspectPdf } from '../../src/media/pdf-inspector.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from '../convocations/fixtures.js';
import { binaryBody } from '../helpers/binary-body.js';
import { eventually } from '../helpers/eventually.js';
import { startHarness, testPublicUrl, type TestHarness } from '../helpers/harness.js';

const run = promisify(execFile);
let harness: TestHarness;
let secretariat: string;
let claire: string;
beforeAll(async () => {
  harness = await startHarness({ environment: { EVIDENCE_ANCHOR_BATCH_SECONDS: '0' } });
  secretariat = await harness.token('secretariat.ville');
  claire = await harness.token('claire.martin');
});
afterAll(() => harness?.close());

const local = (url: string) => url.replace(testPublicUrl, '');

describe('the proof file of a meeting', () => {
  let folder: string;
  let meetingId: string;

  it('records an official’s document download through their link, then serves an attestation and a bundle that openssl and sha256sum verify', async () => {
    const meeting = await createMeeting(harness, secretariat, 'ville-besancon', {
      inDays: 20,
      items: 1,
      title: 'Conseil municipal — preuve',
    });
    meetingId = meeting.meetingId;
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
      pages: 2,
    });
    expect((await harness.graphql(sendMutation, { bodyId: meeting.bodyId, input: { meetingId } }, secretariat)).errors).toBeUndefined();

    // Claire reads the note through her own link: the API records it, then sends her to the file.
    const documents = await harness.graphql<{ body: { meeting: { documents: { versions: { id: string; downloadUrl: string }[] }[] } } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { documents { versions { id downloadUrl } } } } }',
      { id: meetingId },
      claire,
    );
    const link = documents.data!.body.meeting.documents[0]!.versions[0]!.downloadUrl;
    expect(link).toContain('/downloads/');
    const redirect = await harness.http.get(local(link));
    expect(redirect.status).toBe(302);
    const file = await harness.http.get(local(redirect.headers.location!)).set('range', 'bytes=0-4');
    expect(file.status).toBe(206);
    await harness.http.get(local(link)).expect(302);
    const acknowledged = await harness.graphql(
      'mutation ($bodyId: UUID!, $meetingId: UUID!) { acknowledgeConvocation(bodyId: $bodyId, meetingId: $meetingId) { acknowledgedAt } }',
      { bodyId: meeting.bodyId, meetingId },
      claire,
    );
    expect(acknowledged.errors).toBeUndefined();

    const { em } = await databaseOf(harness).body('ville-besancon');
    const downloads = await em.find(LedgerEntry, { subjectId: meetingId, kind: 'DOCUMENT_DOWNLOADED' });
    expect(downloads).toHaveLength(1);
    // Every entry of the meeting is timestamped before the proof is taken.
    await eventually(async () => {
      const fresh = em.fork();
      const [last] = await fresh.find(LedgerEntry, { subjectId: meetingId }, { orderBy: { sequence: 'desc' }, limit: 1 });
      const [batch] = await fresh.find(TimestampAnchor, { meetingId, kind: 'EVENTS' }, { orderBy: { lastSequence: 'desc' }, limit: 1 });
      return (await fresh.count(TimestampAnchor, { meetingId, kind: 'MANIFEST' })) === 1 && batch?.lastSequence === last?.sequence;
    }, 'the timestamps');

    const officialView = await harness.graphql(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { proof { bundleUrl } } } }',
      { id: meetingId },
      claire,
    );
    expect(officialView.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const links = await harness.graphql<{ body: { meeting: { proof: { attestationUrl: string; bundleUrl: string } } } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { proof { attestationUrl bundleUrl } } } }',
      { id: meetingId },
      secretariat,
    );
    const { attestationUrl, bundleUrl } = links.data!.body.meeting.proof;

    folder = await mkdtemp(path.join(tmpdir(), 'cartable-proof-'));
    const attestation = await harness.http.get(local(attestationUrl)).buffer(true).parse(binaryBody);
    expect(attestation.status).toBe(200);
    await writeFile(path.join(folder, 'attestation.pdf'), attestation.body as Buffer);
    const text = (await inspectPdf(path.join(folder, 'attestation.pdf'))).pages.map((page) => page.text).join('\n');
    expect(text).toContain('Attestation d’envoi et de réception des convocations');
    expect(text).toContain('délai respecté');
    expect(text).toContain('Claire Martin');
    expect(text).toMatch(/accusé de réception : \S+ \d+/);

    const bundle = await harness.http.get(local(bundleUrl)).buffer(true).parse(binaryBody);
    expect(bundle.status).toBe(200);
    await writeFile(path.join(folder, 'preuve.tar'), bundle.body as Buffer);
    await run('tar', ['-xf', 'preuve.tar'], { cwd: folder });
    const root = path.join(folder, `preuve-${meetingId}`);
    const verified = await run('sh', ['verifier.sh'], { cwd: root });
    expect(verified.stdout).toContain('Preuve vérifiée.');
    expect(verified.stdout).toMatch(/documents\/.*: OK/);
    const openssl = await run(
      'openssl',
      [
        'ts',
        '-verify',
        '-data',
        'convocations/1-manifeste.json',
        '-in',
        'convocations/1-manifeste.tsr',
        '-CAfile',
        'tsa/racine.pem',
        '-untrusted',
        'tsa/tsa.pem',
      ],
      { cwd: root },
    );
    expect(openssl.stdout).toContain('Verification: OK');
    expect((await readdir(path.join(root, 'evenements'))).some((name) => name.endsWith('.tsr'))).toBe(true);
    const manifest = JSON.parse(await readFile(path.join(root, 'convocations/1-manifeste.json'), 'utf8')) as {
      documents: { sha256: string }[];
      deadline: { met: boolean };
    };
    expect(manifest.deadline.met).toBe(true);
    expect(await readFile(path.join(root, 'SHA256SUMS'), 'utf8')).toContain(manifest.documents[0]!.sha256);
  });

  it('fails verification when a document or a manifest is altered', async () => {
    const root = path.join(folder, `preuve-${meetingId}`);
    const [documentName] = await readdir(path.join(root, 'documents'));
    const documentPath = path.join(root, 'documents', documentName!);
    const original = await readFile(documentPath);
    await writeFile(documentPath, Buffer.concat([original, Buffer.from('%% ajout')]));
    await expect(run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: root })).rejects.toMatchObject({
      stdout: expect.stringContaining('FAILED'),
    });
    await writeFile(documentPath, original);

    const manifestPath = path.join(root, 'convocations/1-manifeste.json');
    const manifest = await readFile(manifestPath, 'utf8');
    await writeFile(manifestPath, manifest.replace('"met":true', '"met":fals'));
    await expect(
      run(
        'openssl',
        [
          'ts',
          '-verify',
          '-data',
          'convocations/1-manifeste.json',
          '-in',
          'convocations/1-manifeste.tsr',
          '-CAfile',
          'tsa/racine.pem',
          '-untrusted',
          'tsa/tsa.pem',
        ],
        { cwd: root },
      ),
    ).rejects.toThrow();
  });

  it('detects, through the timestamps, a ledger entry, a batch or a manifest altered after the fact', async () => {
    const { em, schema } = await databaseOf(harness).body('ville-besancon');
    const chain = await harness.runtime.timestamps.certificateChainPem();
    expect((await verifyAnchors(em.fork(), chain, storedManifest)).problems).toEqual([]);
    const connection = em.getConnection();
    const [entry] = await em.fork().find(LedgerEntry, { subjectId: meetingId, kind: 'CONVOCATION_ACKNOWLEDGED' });
    await connection.execute(`update ${schema}.ledger_entry set hash = repeat('0', 64) where sequence = ?`, [entry!.sequence]);
    await connection.execute(
      `update ${schema}.convocation set manifest = jsonb_set(manifest, '{deadline,met}', 'false') where meeting_id = ?`,
      [meetingId],
    );
    const reasons = (await verifyAnchors(em.fork(), chain, storedManifest)).problems.map((problem) => problem.reason).sort();
    expect(reasons).toEqual(['ENTRY_REWRITTEN', 'MANIFEST_ALTERED']);
    await connection.execute(
      `update ${schema}.timestamp_anchor set content = content || '\\x20'::bytea where meeting_id = ? and kind = 'EVENTS'`,
      [meetingId],
    );
    expect((await verifyAnchors(em.fork(), chain, storedManifest)).problems.map((problem) => problem.reason)).toContain('CONTENT_ALTERED');
  });

  it('refuses a forged or expired link', async () => {
    expect((await harness.http.get('/proof/abc.def/preuve.tar')).status).toBe(404);
    expect((await harness.http.get('/downloads/abc.def/x.pdf')).status).toBe(404);
  });
});
