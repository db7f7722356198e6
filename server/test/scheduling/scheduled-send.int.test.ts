import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgendaItem } from '../../src/body/agenda/agenda-item.entity.js';
import { Convocation } from '../../src/body/convocations/convocation.entity.js';
import { Document } from '../../src/body/documents/document.entity.js';
import { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { ScheduledSend } from '../../src/body/scheduling/scheduled-send.entity.js';
import { runScheduledSend } from '../../src/body/scheduling/scheduled-sends.js';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { attachDocument, createMeeting, databaseOf } from '../convocations/fixtures.js';
import { systemContextIn } from '../helpers/body-context.js';
import { eventually } from '../helpers/eventually.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

// Workers off until the restart: the job is run by hand where its outcome is checked, by the restarted
// server's workers where its durability is.
let harness: TestHarness;
let secretariat: string;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  secretariat = await harness.token('secretariat.ville');
});
afterAll(() => harness?.close());

type Scheduled = { id: string; runAt: string; status: string; scheduledByName: string; failure: string | null };
const schedule = (meeting: { bodyId: string; meetingId: string }, runAt: Date, token = secretariat) =>
  harness.graphql<{ scheduleConvocation: Scheduled }>(
    'mutation ($bodyId: UUID!, $meetingId: UUID!, $runAt: DateTime!) { scheduleConvocation(bodyId: $bodyId, meetingId: $meetingId, runAt: $runAt) { id runAt status scheduledByName failure } }',
    { ...meeting, runAt: runAt.toISOString() },
    token,
  );
const cancelScheduled = (meeting: { bodyId: string; meetingId: string }) =>
  harness.graphql<{ cancelScheduledConvocation: Scheduled }>(
    'mutation ($bodyId: UUID!, $meetingId: UUID!) { cancelScheduledConvocation(bodyId: $bodyId, meetingId: $meetingId) { status } }',
    meeting,
    secretariat,
  );
const scheduledOf = async (meeting: { bodyId: string; meetingId: string }, token = secretariat) =>
  (
    await harness.graphql<{ body: { meeting: { scheduledSend: Scheduled | null } } }>(
      'query ($meetingId: UUID!) { body(slug: "ville-besancon") { meeting(id: $meetingId) { scheduledSend { id runAt status scheduledByName failure } } } }',
      { meetingId: meeting.meetingId },
      token,
    )
  ).data?.body.meeting.scheduledSend;
const jobKeys = async () =>
  (
    await databaseOf(harness).platform().getConnection().execute<{ key: string | null }[]>('select key from graphile_worker._private_jobs')
  ).map((row) => row.key);
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1_000);

/** A draft meeting `inDays` ahead that a manual send would convene now (one deliberation, its note). */
async function readyMeeting(inDays: number) {
  const meeting = await createMeeting(harness, secretariat, 'ville-besancon', { inDays, items: 1 });
  await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meeting.meetingId, {
    kind: 'NOTE_SYNTHESE',
    title: 'Note explicative de synthèse',
  });
  return meeting;
}

describe('scheduling the send of a convocation', () => {
  it('refuses what a manual send at that time would refuse, and writes nothing', async () => {
    const { em } = await databaseOf(harness).body('ville-besancon');
    const empty = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 20, items: 0 });
    expect((await schedule(empty, inSeconds(-60))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'runAt' });
    expect((await schedule(empty, inSeconds(3_600))).errors?.[0]?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'AGENDA_EMPTY',
    });
    // Eight days ahead, five jours francs: the send must leave by the end of tomorrow; in three days it is late.
    const soon = await readyMeeting(8);
    const late = await schedule(soon, inSeconds(3 * 86_400));
    expect(late.errors?.[0]).toMatchObject({
      message: expect.stringContaining('Le délai légal est dépassé'),
      extensions: { code: 'PRECONDITION_FAILED', reason: 'DEADLINE_PASSED', clearDays: 5 },
    });
    expect(await em.fork().count(ScheduledSend, {})).toBe(0);
    expect(await em.fork().count(Convocation, { meetingId: { $in: [empty.meetingId, soon.meetingId] } })).toBe(0);
    expect((await em.fork().findOneOrFail(Meeting, { id: soon.meetingId })).status).toBe('DRAFT');
    // Officials do not schedule.
    expect((await schedule(soon, inSeconds(3_600), await harness.token('claire.martin'))).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('is cancellable until it leaves, and goes with the meeting when that is cancelled', async () => {
    const meeting = await readyMeeting(20);
    const scheduled = await schedule(meeting, inSeconds(86_400));
    expect(scheduled.errors).toBeUndefined();
    expect(scheduled.data!.scheduleConvocation).toMatchObject({
      status: 'SCHEDULED',
      scheduledByName: 'Secrétariat des assemblées — Ville de Besançon',
    });
    expect(await jobKeys()).toContain(`scheduled-send:${scheduled.data!.scheduleConvocation.id}`);
    expect((await schedule(meeting, inSeconds(90_000))).errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_SCHEDULED',
    });
    expect(await scheduledOf(meeting)).toMatchObject({ status: 'SCHEDULED' });

    expect((await cancelScheduled(meeting)).data).toEqual({ cancelScheduledConvocation: { status: 'CANCELLED' } });
    expect(await jobKeys()).not.toContain(`scheduled-send:${scheduled.data!.scheduleConvocation.id}`);
    expect((await cancelScheduled(meeting)).errors?.[0]?.extensions).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'NOT_SCHEDULED',
    });

    const again = await schedule(meeting, inSeconds(86_400));
    expect(again.errors).toBeUndefined();
    const cancelled = await harness.graphql(
      'mutation ($bodyId: UUID!, $meetingId: UUID!) { cancelMeeting(bodyId: $bodyId, meetingId: $meetingId, reason: "Doublon") { status } }',
      meeting,
      secretariat,
    );
    expect(cancelled.errors).toBeUndefined();
    expect(await scheduledOf(meeting)).toMatchObject({ status: 'CANCELLED' });
    const { em } = await databaseOf(harness).body('ville-besancon');
    expect(
      (await em.fork().find(LedgerEntry, { subjectId: meeting.meetingId }, { orderBy: { sequence: 'asc' } })).map((entry) => entry.kind),
    ).toEqual(['CONVOCATION_SCHEDULED', 'SCHEDULED_SEND_CANCELLED', 'CONVOCATION_SCHEDULED', 'SCHEDULED_SEND_CANCELLED']);
  });

  it('runs the checks of a manual send when its time comes, and records why it could not send', async () => {
    const meeting = await readyMeeting(20);
    const scheduled = (await schedule(meeting, inSeconds(3_600))).data!.scheduleConvocation;
    const { body, em } = await databaseOf(harness).body('ville-besancon');
    // Meanwhile the agenda was emptied.
    const [item] = await em.fork().find(AgendaItem, { meeting: meeting.meetingId });
    expect(
      (
        await harness.graphql(
          'mutation ($bodyId: UUID!, $itemId: UUID!) { removeAgendaItem(bodyId: $bodyId, itemId: $itemId) { id } }',
          { bodyId: meeting.bodyId, itemId: item!.id },
          secretariat,
        )
      ).errors,
    ).toBeUndefined();
    await runScheduledSend(systemContextIn(harness, body, em.fork()), scheduled.id);
    expect(await scheduledOf(meeting)).toMatchObject({ status: 'FAILED', failure: expect.stringContaining('L’ordre du jour est vide') });
    expect((await em.fork().findOneOrFail(Meeting, { id: meeting.meetingId })).status).toBe('DRAFT');
    expect(await em.fork().count(LedgerEntry, { subjectId: meeting.meetingId, kind: 'SCHEDULED_SEND_FAILED' })).toBe(1);
    // Run twice (a retried job): nothing more.
    await runScheduledSend(systemContextIn(harness, body, em.fork()), scheduled.id);
    expect(await em.fork().count(LedgerEntry, { subjectId: meeting.meetingId, kind: 'SCHEDULED_SEND_FAILED' })).toBe(1);
  });

  it('survives a restart and sends in the name of who scheduled it', async () => {
    const meeting = await readyMeeting(20);
    const scheduled = (await schedule(meeting, inSeconds(3))).data!.scheduleConvocation;
    const secretariatId = await databaseOf(harness).personId('secretariat.ville');
    await harness.close();
    harness = await startHarness({ demo: false, databaseUrl: harness.databaseUrl });
    secretariat = await harness.token('secretariat.ville');
    const { em } = await databaseOf(harness).body('ville-besancon');
    const sent = await eventually(async () => {
      const row = await em.fork().findOne(ScheduledSend, { id: scheduled.id });
      return row?.status === 'SENT' && row;
    }, 'the scheduled send');
    const convocation = await em.fork().findOneOrFail(Convocation, { id: sent.convocationId! });
    expect(convocation).toMatchObject({ meetingId: meeting.meetingId, kind: 'INITIAL', sentBy: secretariatId, onTime: true });
    expect((await em.fork().findOneOrFail(Meeting, { id: meeting.meetingId })).status).toBe('CONVENED');
    // The secretariat sees how it went; an official, who now sees the meeting, does not.
    expect(await scheduledOf(meeting)).toMatchObject({ status: 'SENT', failure: null });
    expect(await scheduledOf(meeting, await harness.token('claire.martin'))).toBeNull();
  });
});

describe('a meeting as a template', () => {
  it('copies the agenda skeleton, not the documents, to a new draft', async () => {
    const model = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 10, items: 1 });
    const add = (input: Record<string, unknown>, place: Record<string, unknown> | null = null) =>
      harness.graphql<{ addAgendaItem: { agenda: { id: string }[] } }>(
        'mutation ($bodyId: UUID!, $meetingId: UUID!, $input: AgendaItemInput!, $place: AgendaPlaceInput) { addAgendaItem(bodyId: $bodyId, meetingId: $meetingId, input: $input, place: $place) { agenda { id } } }',
        { ...model, input, place },
        secretariat,
      );
    const finances = (await add({ title: 'Finances', kind: 'INFORMATION', rapporteur: 'M. Girard' })).data!.addAgendaItem.agenda.at(-1)!.id;
    expect(
      (await add({ title: 'Budget supplémentaire', kind: 'DELIBERATION', icpe: true }, { parentId: finances })).errors,
    ).toBeUndefined();
    await attachDocument(harness, 'ville-besancon', 'secretariat.ville', model.meetingId, {
      kind: 'NOTE_SYNTHESE',
      title: 'Note explicative de synthèse',
    });

    type Item = {
      number: string;
      title: string;
      kind: string;
      rapporteur: string | null;
      icpe: boolean;
      children: Omit<Item, 'children'>[];
    };
    const duplicate = (input: Record<string, unknown>) =>
      harness.graphql<{
        duplicateMeeting: { id: string; title: string; status: string; place: string | null; agenda: Item[]; documents: { id: string }[] };
      }>(
        'mutation ($bodyId: UUID!, $meetingId: UUID!, $input: DuplicateMeetingInput!) { duplicateMeeting(bodyId: $bodyId, meetingId: $meetingId, input: $input) { id title status place agenda { number title kind rapporteur icpe children { number title kind rapporteur icpe } } documents { id } } }',
        { ...model, input },
        secretariat,
      );
    const startsAt = new Date(model.startsAt.getTime() + 28 * 86_400_000).toISOString();
    const copy = await duplicate({ startsAt, title: 'Conseil municipal de février' });
    expect(copy.errors).toBeUndefined();
    expect(copy.data!.duplicateMeeting).toMatchObject({
      title: 'Conseil municipal de février',
      status: 'DRAFT',
      place: 'Salle du conseil',
      agenda: [
        { number: '1', title: 'Délibération n° 1', kind: 'DELIBERATION', rapporteur: null, children: [] },
        {
          number: '2',
          title: 'Finances',
          kind: 'INFORMATION',
          rapporteur: 'M. Girard',
          children: [{ number: '2.1', title: 'Budget supplémentaire', kind: 'DELIBERATION', icpe: true }],
        },
      ],
      documents: [],
    });
    const { em } = await databaseOf(harness).body('ville-besancon');
    expect(await em.fork().count(Document, { meeting: copy.data!.duplicateMeeting.id })).toBe(0);
    expect((await duplicate({ startsAt, title: null })).data!.duplicateMeeting.title).toBe('Séance à J+10');
    expect((await duplicate({ startsAt: '2020-01-01T10:00:00Z' })).errors?.[0]).toMatchObject({
      message: 'La séance doit avoir lieu dans le futur.',
    });
  });
});
