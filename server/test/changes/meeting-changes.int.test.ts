import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeetingChange } from '../../src/body/changes/meeting-change.entity.js';
import { ConvocationRecipient, Delivery } from '../../src/body/convocations/convocation.entity.js';
import { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { deliver } from '../../src/body/convocations/delivery/delivery.js';
import { convocationSettings } from '../../src/body/convocations/convocation-settings.js';
import type { NotificationChannels } from '../../src/notify/channels/registry.js';
import { loadConfig } from '../../src/config/env.js';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { meetingProof } from '../../src/body/meetings/proof/meeting-proof.js';
import { renderAttestation } from '../../src/body/meetings/proof/attestation.js';
import { addDays, zonedDate, zonedDateTime } from '../../src/common/time.js';
import { convenedMeeting, createMeeting, databaseOf } from '../convocations/fixtures.js';
import { systemContextIn } from '../helpers/body-context.js';
import { smsProvider, startHarness, type TestHarness } from '../helpers/harness.js';

// Workers off: this file checks what the cancellation or the move writes, the deliveries' jobs included
// (their sending is the convocations' own, checked with the emails in test/calendar).
let harness: TestHarness;
let secretariat: string;
let claire: string;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0', ...smsProvider } });
  [secretariat, claire] = await Promise.all([harness.token('secretariat.ville'), harness.token('claire.martin')]);
  // Claire also gets SMS; Paul asked for paper convocations.
  const sms = await harness.graphql(
    'mutation { updateAlertPreferences(smsAlerts: true, mobilePhone: "+33612345678") { smsAlerts } }',
    {},
    claire,
  );
  expect(sms.errors).toBeUndefined();
  const bodyId = (await databaseOf(harness).body('ville-besancon')).body.id;
  const paper = await harness.graphql(
    'mutation ($bodyId: UUID!) { setPaperConvocation(bodyId: $bodyId, postalAddress: "3 rue des Granges, 25000 Besançon") }',
    { bodyId },
    await harness.token('paul.bernard'),
  );
  expect(paper.errors).toBeUndefined();
});
afterAll(() => harness?.close());

const cancel = (variables: { bodyId: string; meetingId: string; reason: string }, token = secretariat) =>
  harness.graphql<{ cancelMeeting: { status: string } }>(
    'mutation ($bodyId: UUID!, $meetingId: UUID!, $reason: String!) { cancelMeeting(bodyId: $bodyId, meetingId: $meetingId, reason: $reason) { status } }',
    variables,
    token,
  );
const move = (variables: { bodyId: string; meetingId: string }, input: Record<string, unknown>) =>
  harness.graphql<{
    moveMeeting: { startsAt: string; place: string | null; lastChange: { sequence: number; kind: string; deadlineMet: boolean | null } };
  }>(
    'mutation ($bodyId: UUID!, $meetingId: UUID!, $input: MoveMeetingInput!) { moveMeeting(bodyId: $bodyId, meetingId: $meetingId, input: $input) { startsAt place lastChange { sequence kind deadlineMet } } }',
    { ...variables, input },
    secretariat,
  );

/** Per official convened, the channels of their deliveries of `purpose`. */
async function channelsByPerson(meetingId: string, purpose: string): Promise<Record<string, string[]>> {
  const { em } = await databaseOf(harness).body('ville-besancon');
  const recipients = await em.fork().find(ConvocationRecipient, { meetingId });
  const deliveries = await em
    .fork()
    .find(Delivery, { recipientId: { $in: recipients.map((recipient) => recipient.id) }, purpose: purpose as Delivery['purpose'] });
  const byPerson: Record<string, string[]> = {};
  for (const recipient of recipients)
    byPerson[recipient.displayName] = deliveries
      .filter((delivery) => delivery.recipientId === recipient.id)
      .map((delivery) => delivery.channel)
      .sort();
  return byPerson;
}

async function queuedJobKeys(): Promise<string[]> {
  const rows = await databaseOf(harness)
    .platform()
    .getConnection()
    .execute<{ key: string | null }[]>('select key from graphile_worker._private_jobs');
  return rows.map((row) => row.key ?? '');
}

describe('cancelling a convened meeting', () => {
  it('tells every official convened on the channels of their convocation, in the ledger, the proof and their inbox', async () => {
    const meeting = await convenedMeeting(harness, secretariat, 'ville-besancon', 'secretariat.ville', { inDays: 20 });
    const { body, em } = await databaseOf(harness).body('ville-besancon');

    expect((await cancel({ ...meeting, reason: 'Pas moi' }, claire)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await cancel({ ...meeting, reason: '   ' })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    const status = await harness.graphql(
      'mutation ($bodyId: UUID!, $meetingId: UUID!) { changeMeetingStatus(bodyId: $bodyId, meetingId: $meetingId, status: CANCELLED) { status } }',
      meeting,
      secretariat,
    );
    expect(status.errors?.[0]).toMatchObject({ message: expect.stringContaining('Annuler la séance'), extensions: { code: 'CONFLICT' } });

    const cancelled = await cancel({ ...meeting, reason: 'Salle indisponible (travaux)' });
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data!.cancelMeeting.status).toBe('CANCELLED');

    // The channels of each one's convocation (the letter aside: paper is too slow, Paul gets an email).
    const convened = await channelsByPerson(meeting.meetingId, 'CONVOCATION');
    const told = await channelsByPerson(meeting.meetingId, 'CHANGE');
    expect(Object.keys(told).sort()).toEqual(Object.keys(convened).sort());
    expect(told['Claire Martin']).toEqual(['EMAIL', 'SMS']);
    expect(convened['Paul Bernard']).toEqual(['LETTER']);
    expect(told['Paul Bernard']).toEqual(['EMAIL']);
    for (const [name, channels] of Object.entries(convened))
      if (name !== 'Paul Bernard') expect(told[name]).toEqual(channels.filter((channel) => channel !== 'LETTER'));
    const changes = await em.fork().find(MeetingChange, { meetingId: meeting.meetingId });
    expect(changes).toMatchObject([{ sequence: 1, kind: 'CANCELLED', reason: 'Salle indisponible (travaux)', deadlineMet: null }]);
    const deliveries = await em.fork().find(Delivery, { meetingChangeId: changes[0]!.id });
    const keys = await queuedJobKeys();
    expect(deliveries.every((delivery) => keys.includes(`delivery:${delivery.id}`))).toBe(true);
    expect(deliveries.find((delivery) => delivery.channel === 'EMAIL' && delivery.address.startsWith('paul.bernard'))).toBeDefined();

    const [entry] = await em.fork().find(LedgerEntry, { subjectId: meeting.meetingId, kind: 'MEETING_CANCELLED' });
    expect(entry!.payload).toMatchObject({
      sequence: 1,
      reason: 'Salle indisponible (travaux)',
      notified: expect.arrayContaining([await databaseOf(harness).personId('claire.martin')]),
    });
    expect((entry!.payload.notified as string[]).length).toBe(Object.keys(convened).length);
    const proof = await meetingProof(systemContextIn(harness, body, em.fork()), meeting.meetingId);
    expect(proof.changes).toHaveLength(1);
    expect((await renderAttestation(proof, 'test')).byteLength).toBeGreaterThan(1_000);

    const inbox = await harness.graphql<{
      myMeetings: { id: string; status: string; lastChange: { kind: string; reason: string } | null }[];
    }>('{ myMeetings { id status lastChange { kind reason } } }', {}, claire);
    expect(inbox.data!.myMeetings.find((item) => item.id === meeting.meetingId)).toMatchObject({
      status: 'CANCELLED',
      lastChange: { kind: 'CANCELLED', reason: 'Salle indisponible (travaux)' },
    });

    // A convocation still waiting in the queue does not leave after the cancellation notice (no channel is
    // touched: these would fail the test if the delivery tried to send).
    const waiting = await em.fork().findOneOrFail(Delivery, {
      meetingChangeId: null,
      purpose: 'CONVOCATION',
      channel: 'EMAIL',
      status: 'PENDING',
      recipientId: {
        $in: (await em.fork().find(ConvocationRecipient, { meetingId: meeting.meetingId })).map((recipient) => recipient.id),
      },
    });
    const channels = { send: () => Promise.reject(new Error('no message may leave in this test')) } as unknown as NotificationChannels;
    const convocations = convocationSettings(loadConfig({ NODE_ENV: 'test', CARTABLE_DATA_DIR: harness.dataDir }));
    await deliver(
      { body, em: em.fork(), services: { channels, convocations } },
      { deliveryId: waiting.id, attempt: { number: 1, max: 1 } },
    );
    expect(await em.fork().findOneOrFail(Delivery, { id: waiting.id })).toMatchObject({
      status: 'FAILED',
      lastError: expect.stringMatching(/^MEETING_CANCELLED: /),
    });

    // Twice: refused, nothing more written.
    const again = await cancel({ ...meeting, reason: 'Encore' });
    expect(again.errors?.[0]).toMatchObject({
      message: 'Cette séance est déjà annulée.',
      extensions: { code: 'CONFLICT', reason: 'ALREADY_CANCELLED' },
    });
    expect(await em.fork().count(MeetingChange, { meetingId: meeting.meetingId })).toBe(1);
  });

  it('cancels a draft without telling anyone', async () => {
    const draft = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 15, items: 1 });
    expect((await cancel({ ...draft, reason: 'Doublon' })).data).toEqual({ cancelMeeting: { status: 'CANCELLED' } });
    const { em } = await databaseOf(harness).body('ville-besancon');
    expect(await em.fork().count(MeetingChange, { meetingId: draft.meetingId })).toBe(0);
  });
});

describe('moving a convened meeting', () => {
  it('tells the officials, checks the legal delay of the convocation sent against the new date, and moves the reminder', async () => {
    const meeting = await convenedMeeting(harness, secretariat, 'ville-besancon', 'secretariat.ville', { inDays: 20 });
    const { em, body } = await databaseOf(harness).body('ville-besancon');
    const at = (inDays: number, time = '18:00') =>
      zonedDateTime(addDays(zonedDate(new Date(), body.timeZone), inDays), time, body.timeZone).toISOString();

    expect((await move(meeting, { startsAt: '2020-01-01T10:00:00Z', reason: 'Erreur' })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'startsAt',
    });
    expect(
      (await move(meeting, { startsAt: meeting.startsAt.toISOString(), place: 'Salle du conseil', reason: 'Rien' })).errors?.[0]?.message,
    ).toBe('Ni la date ni le lieu ne changent.');
    // Three days ahead: the 5 jours francs of CGCT L2121-12 are not met by a convocation sent today.
    const early = await move(meeting, { startsAt: at(3), reason: 'Avancée' });
    expect(early.errors?.[0]?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'DEADLINE_NOT_MET',
      clearDays: 5,
      article: 'CGCT L2121-12',
    });
    expect(early.errors?.[0]?.message).toContain('confirmez le déplacement');
    expect((await em.fork().findOneOrFail(Meeting, { id: meeting.meetingId })).startsAt).toEqual(meeting.startsAt);
    expect(await em.fork().count(MeetingChange, { meetingId: meeting.meetingId })).toBe(0);

    const confirmed = await move(meeting, { startsAt: at(3), reason: 'Avancée : vote du budget', acceptLateConvocation: true });
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data!.moveMeeting).toMatchObject({
      startsAt: at(3),
      place: null,
      lastChange: { sequence: 1, kind: 'MOVED', deadlineMet: false },
    });

    const later = await move(meeting, { startsAt: at(30, '09:30'), place: 'Salle Proudhon', reason: 'Reportée' });
    expect(later.data!.moveMeeting).toMatchObject({
      startsAt: at(30, '09:30'),
      place: 'Salle Proudhon',
      lastChange: { sequence: 2, deadlineMet: true },
    });
    const told = await channelsByPerson(meeting.meetingId, 'CHANGE');
    expect(told['Claire Martin']).toEqual(['EMAIL', 'EMAIL', 'SMS', 'SMS']);
    const moves = await em
      .fork()
      .find(LedgerEntry, { subjectId: meeting.meetingId, kind: 'MEETING_MOVED' }, { orderBy: { sequence: 'asc' } });
    expect(moves.map((entry) => entry.payload)).toMatchObject([
      { sequence: 1, deadlineMet: false, startsAt: at(3) },
      { sequence: 2, deadlineMet: true, startsAt: at(30, '09:30'), previousStartsAt: at(3), place: 'Salle Proudhon' },
    ]);
    // The reminder goes 48 hours before the new date.
    const [reminder] = await databaseOf(harness)
      .platform()
      .getConnection()
      .execute<{ run_at: Date }[]>('select run_at from graphile_worker._private_jobs where key = ?', [`remind:${meeting.meetingId}`]);
    expect(new Date(reminder!.run_at).toISOString()).toBe(new Date(new Date(at(30, '09:30')).getTime() - 48 * 3_600_000).toISOString());

    const draft = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 15, items: 1 });
    expect((await move(draft, { startsAt: at(16), reason: 'Non' })).errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'NOT_CONVENED',
    });
  });
});
