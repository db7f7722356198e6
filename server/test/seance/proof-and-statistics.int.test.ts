import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { TimestampAnchor } from '../../src/evidence/timestamp-anchor.entity.js';
import { inspectPdf } from '../../src/media/pdf-inspector.js';
import { databaseOf } from '../convocations/fixtures.js';
import { binaryBody } from '../helpers/binary-body.js';
import { eventually } from '../helpers/eventually.js';
import { startHarness, testPublicUrl, type TestHarness } from '../helpers/harness.js';
import { meetingToday, personIds, seanceClient, villeMembers } from './fixtures.js';

// A séance run on the server's clock (set by the test): its times are those of the clock, the statistics
// count the minutes each official spent in the room, and the proof file states the séance and carries
// its events, timestamped and chained.
const run = promisify(execFile);
let harness: TestHarness;
let clock = new Date();
let secretariat: string;
let ids: Record<string, string>;
beforeAll(async () => {
  harness = await startHarness({ clock: { now: () => clock }, environment: { EVIDENCE_ANCHOR_BATCH_SECONDS: '0' } });
  secretariat = await harness.token('secretariat.ville');
  ids = await personIds(harness, villeMembers);
});
afterAll(() => harness?.close());

const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000);
};
const some = (...logins: string[]) => logins.map((login) => ids[login]!);

describe('a séance on the server’s clock', () => {
  let meetingId: string;
  let openedAt: Date;

  it('dates every movement with the clock, and the statistics count the minutes in the room', async () => {
    const meeting = await meetingToday(harness, secretariat, 2);
    meetingId = meeting.meetingId;
    const seance = seanceClient(harness, meeting.bodyId, meetingId);
    clock = new Date();
    openedAt = clock;
    const opened = await seance.open(secretariat, {
      presentIds: some('anne.vignot', 'claire.martin', 'paul.bernard', 'karim.benali', 'nadia.haddad', 'thomas.vidal'),
      electronicVoting: true,
      secretaryIds: some('claire.martin'),
    });
    expect(new Date(opened.seance!.openedAt).getTime()).toBe(openedAt.getTime());
    later(30);
    const arrived = await seance.arrive(secretariat, ids['sophie.lambert']!);
    expect(arrived.seance!.attendees.find((attendee) => attendee.personId === ids['sophie.lambert'])!.stays[0]!.arrivedAt).toBe(
      clock.toISOString(),
    );
    // A time entered in the clock's future is refused.
    expect(
      (await seance.arrive(secretariat, ids['elodie.roussel']!, new Date(clock.getTime() + 60_000).toISOString())).errors?.[0]?.extensions,
    ).toMatchObject({ field: 'at' });

    later(15);
    const vote = await seance.openVote(secretariat, {
      itemId: meeting.itemIds[0]!,
      method: 'PUBLIC',
      requestedBy: some('karim.benali', 'nadia.haddad'),
      electronic: true,
    });
    const voteId = vote.seance!.openVote!.id;
    for (const login of ['claire.martin', 'paul.bernard'])
      expect((await seance.cast(await harness.token(login), voteId, 'FOR')).errors).toBeUndefined();
    later(5);
    const closedVote = await seance.closeVote(secretariat, voteId);
    expect(closedVote.seance!.votes[0]).toMatchObject({ result: 'ADOPTED', figures: { for: 2, against: 0, notVoting: 5 } });
    later(10);
    await seance.leave(secretariat, ids['karim.benali']!);
    later(30);
    const closed = await seance.close(secretariat);
    expect(new Date(closed.seance!.closedAt!).getTime()).toBe(openedAt.getTime() + 90 * 60_000);

    const statistics = await harness.graphql<{
      body: { statistics: { seancesHeld: number; officials: { displayName: string; minutesPresent: number; seanceMinutes: number }[] } };
    }>(
      'query { body(slug: "ville-besancon") { statistics { seancesHeld officials { displayName minutesPresent seanceMinutes } } } }',
      {},
      secretariat,
    );
    expect(statistics.errors).toBeUndefined();
    expect(statistics.data!.body.statistics.seancesHeld).toBe(1);
    const minutes = Object.fromEntries(
      statistics.data!.body.statistics.officials.map((official) => [
        official.displayName,
        [official.minutesPresent, official.seanceMinutes],
      ]),
    );
    expect(minutes).toMatchObject({
      'Anne Vignot': [90, 90],
      'Sophie Lambert': [60, 90],
      'Karim Benali': [60, 90],
      'Élodie Roussel': [0, 90],
    });
  });

  it('is in the meeting’s proof file: the attestation states it, the bundle carries its events, timestamped and verifiable', async () => {
    const { em } = await databaseOf(harness).body('ville-besancon');
    await eventually(async () => {
      const fresh = em.fork();
      const [last] = await fresh.find(LedgerEntry, { subjectId: meetingId }, { orderBy: { sequence: 'desc' }, limit: 1 });
      const [batch] = await fresh.find(TimestampAnchor, { meetingId, kind: 'EVENTS' }, { orderBy: { lastSequence: 'desc' }, limit: 1 });
      return last?.kind === 'SEANCE_CLOSED' && batch?.lastSequence === last.sequence;
    }, 'the séance’s events timestamped');

    const links = await harness.graphql<{ body: { meeting: { proof: { attestationUrl: string; bundleUrl: string } } } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { proof { attestationUrl bundleUrl } } } }',
      { id: meetingId },
      secretariat,
    );
    const local = (url: string) => url.replace(testPublicUrl, '');
    const folder = await mkdtemp(path.join(tmpdir(), 'cartable-seance-proof-'));
    const attestation = await harness.http.get(local(links.data!.body.meeting.proof.attestationUrl)).buffer(true).parse(binaryBody);
    await writeFile(path.join(folder, 'attestation.pdf'), attestation.body as Buffer);
    const text = (await inspectPdf(path.join(folder, 'attestation.pdf'))).pages
      .map((page) => page.text)
      .join('\n')
      .replace(/\s+/g, ' ');
    expect(text).toContain('Déroulement de la séance');
    expect(text).toContain('Secrétaire de séance : Claire Martin (CGCT L2121-15).');
    expect(text).toContain('ADOPTÉ');
    expect(text).toContain('Claire Martin : pour');

    const bundle = await harness.http.get(local(links.data!.body.meeting.proof.bundleUrl)).buffer(true).parse(binaryBody);
    await writeFile(path.join(folder, 'preuve.tar'), bundle.body as Buffer);
    await run('tar', ['-xf', 'preuve.tar'], { cwd: folder });
    const root = path.join(folder, `preuve-${meetingId}`);
    expect((await run('sh', ['verifier.sh'], { cwd: root })).stdout).toContain('Preuve vérifiée.');
    const batches = (await readdir(path.join(root, 'evenements'))).filter((name) => name.endsWith('.json'));
    const kinds = (
      await Promise.all(
        batches.map(
          async (name) => JSON.parse(await readFile(path.join(root, 'evenements', name), 'utf8')) as { entries: { kind: string }[] },
        ),
      )
    )
      .flatMap((batch) => batch.entries.map((entry) => entry.kind))
      .filter((kind) => kind.startsWith('SEANCE_'));
    expect(kinds).toEqual([
      'SEANCE_OPENED',
      'SEANCE_QUORUM_CHECKED',
      'SEANCE_ARRIVAL',
      'SEANCE_QUORUM_CHECKED',
      'SEANCE_VOTE_OPENED',
      'SEANCE_VOTE_CLOSED',
      'SEANCE_DEPARTURE',
      'SEANCE_CLOSED',
    ]);
  });
});
