import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConvocationRecipient, Delivery } from '../../src/body/convocations/convocation.entity.js';
import { Person } from '../../src/platform/people/person.entity.js';
import { createMeeting, convenedMeeting, databaseOf } from '../convocations/fixtures.js';
import { eventually } from '../helpers/eventually.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

const run = promisify(execFile);
const repositoryRoot = path.resolve(import.meta.dirname, '../../..');

let harness: TestHarness;
let ville: string;
let doubs: string;
let claire: string;
beforeAll(async () => {
  harness = await startHarness({ environment: { EVIDENCE_ANCHOR_BATCH_SECONDS: '0' } });
  [ville, doubs, claire] = await Promise.all([
    harness.token('secretariat.ville'),
    harness.token('secretariat.doubs'),
    harness.token('claire.martin'),
  ]);
});
afterAll(() => harness?.close());

const calendarUrl = async (token: string) =>
  (await harness.graphql<{ me: { calendarUrl: string | null } }>('{ me { calendarUrl } }', {}, token)).data!.me.calendarUrl;
const regenerate = async (token: string) => {
  const result = await harness.graphql<{ regenerateCalendarUrl: string }>('mutation { regenerateCalendarUrl }', {}, token);
  expect(result.errors).toBeUndefined();
  return result.data!.regenerateCalendarUrl;
};
const fetchFeed = (url: string) => harness.http.get(new URL(url).pathname);
const uidOf = (meetingId: string) => `meeting-${meetingId}@localhost`;

/** The event of `uid` in an iCalendar text, unfolded, as `NAME:value` lines. */
function eventLines(ics: string, uid: string): string[] {
  const unfolded = ics.replace(/\r\n /g, '');
  const event = unfolded.split('BEGIN:VEVENT').find((block) => block.includes(`UID:${uid}\r\n`));
  return event ? event.split('\r\n') : [];
}

describe('the personal calendar feed', () => {
  it('holds every convened meeting of every body the official sits in, behind a secret link that can be replaced and revoked', async () => {
    expect(await calendarUrl(claire)).toBeNull();
    const url = await regenerate(claire);
    expect(url).toMatch(/^http:\/\/localhost:4000\/calendar\/[\w-]{43}\.ics$/);
    expect(await calendarUrl(claire)).toBe(url);
    const token = /\/calendar\/([\w-]+)\.ics$/.exec(url)![1]!;
    // Only the token's SHA-256 is stored (and the salt it derives from, with the server's secret).
    const person = await databaseOf(harness)
      .platform()
      .findOneOrFail(Person, { id: await databaseOf(harness).personId('claire.martin') });
    expect(person.calendarTokenSha256).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(person)).not.toContain(token);

    const council = await convenedMeeting(harness, ville, 'ville-besancon', 'secretariat.ville', { inDays: 20 });
    const departement = await convenedMeeting(harness, doubs, 'departement-doubs', 'secretariat.doubs', { inDays: 24 });
    const draft = await createMeeting(harness, ville, 'ville-besancon', { inDays: 30, items: 1 });

    const feed = await fetchFeed(url);
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(feed.text).toContain('X-WR-CALNAME:Mes séances — Claire Martin');
    const event = eventLines(feed.text, uidOf(council.meetingId));
    expect(event).toEqual(
      expect.arrayContaining([
        'SEQUENCE:0',
        'STATUS:CONFIRMED',
        'LOCATION:Salle du conseil',
        `DTSTART:${council.startsAt.toISOString().replace(/[-:]|\.\d{3}/g, '')}`,
      ]),
    );
    expect(event.find((line) => line.startsWith('SUMMARY:'))).toBe('SUMMARY:Conseil municipal — Séance à J+20');
    expect(eventLines(feed.text, uidOf(departement.meetingId))).toContain('SEQUENCE:0');
    expect(feed.text).not.toContain(draft.meetingId);

    // A new link: the old one is gone at once.
    const replaced = await regenerate(claire);
    expect(replaced).not.toBe(url);
    expect((await fetchFeed(url)).status).toBe(404);
    expect((await fetchFeed(replaced)).status).toBe(200);
    const revoked = await harness.graphql<{ revokeCalendarUrl: boolean }>('mutation { revokeCalendarUrl }', {}, claire);
    expect(revoked.data).toEqual({ revokeCalendarUrl: true });
    expect((await fetchFeed(replaced)).status).toBe(404);
    expect(await calendarUrl(claire)).toBeNull();
    expect((await harness.http.get('/calendar/not-a-token.ics')).status).toBe(404);
  });
});

describe('updates and cancellations, as the icalendar library reads them', () => {
  it('carries a cancellation and a move in the feed and in the emails, with the same UID and a higher SEQUENCE', async () => {
    const url = await regenerate(claire);
    const council = await convenedMeeting(harness, ville, 'ville-besancon', 'secretariat.ville', { inDays: 21 });
    const departement = await convenedMeeting(harness, doubs, 'departement-doubs', 'secretariat.doubs', { inDays: 25 });
    const cancelled = await harness.graphql(
      'mutation ($bodyId: UUID!, $meetingId: UUID!) { cancelMeeting(bodyId: $bodyId, meetingId: $meetingId, reason: "Travaux dans la salle") { status } }',
      council,
      ville,
    );
    expect(cancelled.errors).toBeUndefined();
    const newStart = new Date(departement.startsAt.getTime() + 2 * 86_400_000);
    const moved = await harness.graphql(
      'mutation ($bodyId: UUID!, $meetingId: UUID!, $input: MoveMeetingInput!) { moveMeeting(bodyId: $bodyId, meetingId: $meetingId, input: $input) { startsAt place } }',
      {
        ...departement,
        input: { startsAt: newStart.toISOString(), place: 'Hôtel du Département, salle 2', reason: 'Session budgétaire reportée' },
      },
      doubs,
    );
    expect(moved.errors).toBeUndefined();

    const work = await mkdtemp(path.join(tmpdir(), 'cartable-calendar-'));
    const feed = await fetchFeed(url);
    await writeFile(path.join(work, 'feed.ics'), feed.text);
    // Claire's emails: the convocation and the cancellation of the council, the move of the departement's séance.
    const emails = async (slug: string, meetingId: string) => {
      const { em } = await databaseOf(harness).body(slug);
      const claireId = await databaseOf(harness).personId('claire.martin');
      const recipients = await em.find(ConvocationRecipient, { meetingId, personId: claireId });
      return eventually(async () => {
        const rows = await em
          .fork()
          .find(Delivery, { recipientId: { $in: recipients.map((recipient) => recipient.id) }, channel: 'EMAIL' });
        return rows.length === 2 && rows.every((row) => row.status === 'ACCEPTED') && rows;
      }, `Claire's emails of ${slug}`);
    };
    const outbox = path.join(harness.dataDir, 'outbox');
    const file = async (delivery: Delivery, name: string) => {
      const found = (await readdir(outbox)).find((entry) => entry.startsWith(`cartable.${delivery.id}@`))!;
      await copyFile(path.join(outbox, found), path.join(work, name));
      return path.join(work, name);
    };
    const councilEmails = await emails('ville-besancon', council.meetingId);
    const departementEmails = await emails('departement-doubs', departement.meetingId);
    const of = (rows: Delivery[], purpose: string) => rows.find((row) => row.purpose === purpose)!;

    const council0 = { uid: uidOf(council.meetingId), start: council.startsAt.toISOString(), location: 'Salle du conseil' };
    const departement0 = { uid: uidOf(departement.meetingId), summary_contains: 'Conseil départemental' };
    const expectations = [
      {
        file: path.join(work, 'feed.ics'),
        method: null,
        // The meetings of the first test are there too.
        others_allowed: true,
        events: [
          {
            ...council0,
            sequence: 1,
            status: 'CANCELLED',
            summary_contains: 'ANNULÉE',
            description_contains: 'Motif : Travaux dans la salle',
          },
          {
            ...departement0,
            sequence: 1,
            status: 'CONFIRMED',
            start: newStart.toISOString(),
            location: 'Hôtel du Département, salle 2',
            description_contains: 'Séance déplacée',
          },
        ],
      },
      {
        file: await file(of(councilEmails, 'CONVOCATION'), 'convocation.eml'),
        method: 'PUBLISH',
        events: [{ ...council0, sequence: 0, status: 'CONFIRMED' }],
      },
      {
        file: await file(of(councilEmails, 'CHANGE'), 'annulation.eml'),
        method: 'PUBLISH',
        events: [{ ...council0, sequence: 1, status: 'CANCELLED' }],
      },
      {
        file: await file(of(departementEmails, 'CHANGE'), 'deplacement.eml'),
        method: 'PUBLISH',
        events: [
          { ...departement0, sequence: 1, status: 'CONFIRMED', start: newStart.toISOString(), location: 'Hôtel du Département, salle 2' },
        ],
      },
    ];
    const validate = async (checks: unknown) => {
      const file = path.join(work, `expectations-${Date.now()}.json`);
      await writeFile(file, JSON.stringify(checks));
      return run('bash', [path.join(repositoryRoot, 'scripts/calendar/validate.sh'), file], { timeout: 300_000 }).then(
        ({ stdout }) => ({ ok: true, stdout }),
        (error: { stdout: string }) => ({ ok: false, stdout: error.stdout }),
      );
    };
    const passed = await validate(expectations);
    expect(passed.stdout).toContain('calendar: 4 file(s), 0 failure(s)');
    expect(passed.ok).toBe(true);
    // The check bites: the cancellation email read as if it still were the convocation.
    const wrong = await validate([{ ...expectations[2], events: [{ ...council0, sequence: 0, status: 'CONFIRMED' }] }]);
    expect(wrong.ok).toBe(false);
    expect(wrong.stdout).toContain('SEQUENCE 1, expected 0');
  }, 300_000);
});
