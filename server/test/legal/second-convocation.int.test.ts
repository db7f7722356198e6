import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Convocation } from '../../src/body/convocations/convocation.entity.js';
import { convocationText } from '../../src/body/convocations/delivery/convocation-text.js';
import { addDays, zonedDate, zonedDateTime } from '../../src/common/time.js';
import { LedgerEntry } from '../../src/evidence/ledger-entry.entity.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from '../convocations/fixtures.js';

/**
 * The second convocation after a failed quorum, through the API: a séance held without its quorum
 * (recorded attendance), convened again with the same agenda at the legal interval, whose convocation
 * states it, which deliberates without quorum, recorded in the ledger; refused otherwise.
 */
let harness: TestHarness;
let tokens: Record<string, string>;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  tokens = { 'ville-besancon': await harness.token('secretariat.ville'), 'departement-doubs': await harness.token('secretariat.doubs') };
});
afterAll(() => harness?.close());

type Slug = 'ville-besancon' | 'departement-doubs';
const failure = (result: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }): Record<string, unknown> => ({
  message: result.errors?.[0]?.message,
  ...result.errors?.[0]?.extensions,
});

async function convene(slug: Slug, meeting: { bodyId: string; meetingId: string }) {
  await attachDocument(harness, slug, slug === 'ville-besancon' ? 'secretariat.ville' : 'secretariat.doubs', meeting.meetingId, {
    kind: 'NOTE_SYNTHESE',
    title: 'Note explicative de synthèse',
  });
  const sent = await harness.graphql<{ sendConvocation: { clearDays: number; article: string } }>(
    sendMutation,
    { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } },
    tokens[slug],
  );
  if (sent.errors) throw new Error(JSON.stringify(sent.errors));
  return sent.data!.sendConvocation;
}

/** A séance convened 20 days ahead, whose day has come (it starts now), held with `present` members present and the others absent. */
async function heldWith(slug: Slug, present: number, options: { assemblyKind?: string } = {}) {
  const meeting = await createMeeting(harness, tokens[slug]!, slug, { inDays: 20, items: 2, ...options });
  await convene(slug, meeting);
  const { schema } = await databaseOf(harness).body(slug);
  await harness.runtime.orm.em.getConnection().execute(`update ${schema}.meeting set starts_at = now() where id = ?`, [meeting.meetingId]);
  const lines = await harness.graphql<{ body: { meeting: { attendance: { entries: { personId: string }[] } } } }>(
    `query ($id: UUID!) { body(slug: "${slug}") { meeting(id: $id) { attendance { entries { personId } } } } }`,
    { id: meeting.meetingId },
    tokens[slug],
  );
  const entries = lines.data!.body.meeting.attendance.entries.map((line, index) => ({
    personId: line.personId,
    status: index < present ? 'PRESENT' : 'ABSENT',
  }));
  const recorded = await harness.graphql(
    'mutation ($bodyId: UUID!, $input: RecordAttendanceInput!) { recordAttendance(bodyId: $bodyId, input: $input) { open } }',
    { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId, entries } },
    tokens[slug],
  );
  if (recorded.errors) throw new Error(JSON.stringify(recorded.errors));
  const held = await harness.graphql(
    'mutation ($bodyId: UUID!, $id: UUID!) { changeMeetingStatus(bodyId: $bodyId, meetingId: $id, status: HELD) { status } }',
    { bodyId: meeting.bodyId, id: meeting.meetingId },
    tokens[slug],
  );
  if (held.errors) throw new Error(JSON.stringify(held.errors));
  return { ...meeting, members: entries.length };
}

const conveneAgainMutation = `mutation ($bodyId: UUID!, $input: ConveneAgainInput!) { conveneAgainWithoutQuorum(bodyId: $bodyId, input: $input) { id title status startsAt place } }`;
function conveneAgain(slug: Slug, meeting: { bodyId: string; meetingId: string }, startsAt: Date) {
  return harness.graphql<{
    conveneAgainWithoutQuorum: { id: string; title: string; status: string; startsAt: string; place: string | null };
  }>(
    conveneAgainMutation,
    { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId, startsAt: startsAt.toISOString() } },
    tokens[slug],
  );
}

const meetingFields = `title agenda { title } quorumFailure { membersInOffice present represented required quorumArticle article earliestDate dePleinDroit convenedAgain { id } }
  secondConvocation { firstMeeting { id } article text dePleinDroit } legalNotices { quorum }`;
interface MeetingView {
  title: string;
  agenda: { title: string }[];
  quorumFailure: (Record<string, unknown> & { convenedAgain: { id: string } | null }) | null;
  secondConvocation: Record<string, unknown> | null;
  legalNotices: { quorum: string };
}
async function meetingView(slug: Slug, id: string): Promise<MeetingView> {
  const result = await harness.graphql<{ body: { meeting: MeetingView } }>(
    `query ($id: UUID!) { body(slug: "${slug}") { meeting(id: $id) { ${meetingFields} } } }`,
    { id },
    tokens[slug],
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.body.meeting;
}

async function ledgerOf(slug: Slug, meetingId: string, kind: string) {
  const { em } = await databaseOf(harness).body(slug);
  return em.find(LedgerEntry, { subjectId: meetingId, kind });
}

const today = (timeZone: string) => zonedDate(new Date(), timeZone);

describe('second convocation after a failed quorum (CGCT L2121-17 al. 2)', () => {
  it('L2121-17: a commune’s séance held without its quorum is convened again three days apart at least, with the same agenda, and deliberates without quorum', async () => {
    const failed = await heldWith('ville-besancon', 2);
    const view = await meetingView('ville-besancon', failed.meetingId);
    const earliest = addDays(today('Europe/Paris'), 3);
    expect(view.quorumFailure).toEqual({
      membersInOffice: failed.members,
      present: 2,
      represented: 0,
      required: Math.floor(failed.members / 2) + 1,
      quorumArticle: 'CGCT L2121-17',
      article: 'CGCT L2121-17',
      earliestDate: earliest,
      dePleinDroit: false,
      convenedAgain: null,
    });

    const tooEarly = await conveneAgain(
      'ville-besancon',
      failed,
      zonedDateTime(addDays(today('Europe/Paris'), 2), '18:00', 'Europe/Paris'),
    );
    expect(failure(tooEarly)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'startsAt',
      reason: 'SECOND_CONVOCATION_DATE',
      earliest,
      article: 'CGCT L2121-17',
    });
    expect(tooEarly.errors?.[0]?.message).toContain('à trois jours au moins d’intervalle');

    const startsAt = zonedDateTime(addDays(today('Europe/Paris'), 10), '18:00', 'Europe/Paris');
    const again = await conveneAgain('ville-besancon', failed, startsAt);
    expect(again.errors).toBeUndefined();
    expect(again.data!.conveneAgainWithoutQuorum).toMatchObject({
      title: view.title,
      status: 'DRAFT',
      startsAt: startsAt.toISOString(),
      place: 'Salle du conseil',
    });
    const secondId = again.data!.conveneAgainWithoutQuorum.id;

    const second = await meetingView('ville-besancon', secondId);
    expect(second.agenda.map((item) => item.title)).toEqual(view.agenda.map((item) => item.title));
    expect(second.secondConvocation).toMatchObject({
      firstMeeting: { id: failed.meetingId },
      article: 'CGCT L2121-17',
      dePleinDroit: false,
    });
    expect(second.legalNotices.quorum).toBe(
      'Seconde convocation après un quorum non atteint : l’assemblée délibère valablement sans condition de quorum. (CGCT L2121-17)',
    );
    expect((await meetingView('ville-besancon', failed.meetingId)).quorumFailure?.convenedAgain).toEqual({ id: secondId });
    const [recorded] = await ledgerOf('ville-besancon', secondId, 'SECOND_CONVOCATION');
    expect(recorded!.payload).toMatchObject({
      firstMeetingId: failed.meetingId,
      article: 'CGCT L2121-17',
      failure: { present: 2, article: 'CGCT L2121-17' },
    });

    // Once only.
    expect(failure(await conveneAgain('ville-besancon', failed, startsAt))).toMatchObject({ code: 'CONFLICT', meetingId: secondId });

    // Sent with the ordinary delay (5 jours francs here), the convocation states it and the manifest binds it.
    const sent = await convene('ville-besancon', { bodyId: failed.bodyId, meetingId: secondId });
    expect(sent).toMatchObject({ clearDays: 5, article: 'CGCT L2121-12' });
    const { em } = await databaseOf(harness).body('ville-besancon');
    const convocation = await em.findOneOrFail(Convocation, { meetingId: secondId });
    expect(convocation.manifest.meeting.secondConvocation).toMatchObject({ firstMeetingId: failed.meetingId, article: 'CGCT L2121-17' });
    const text = convocationText(convocation.manifest, { link: 'https://cartable.example/s' }).opening.join('\n');
    expect(text).toContain('Seconde convocation, après la séance du');
    expect(text).toContain('elle délibère alors valablement sans condition de quorum (CGCT L2121-17)');

    // Its quorum: none, whoever answers.
    const forecast = await harness.graphql<{ body: { meeting: { quorumForecast: Record<string, unknown> } } }>(
      'query ($id: UUID!) { body(slug: "ville-besancon") { meeting(id: $id) { quorumForecast { required reached rule { statutory article } } } } }',
      { id: secondId },
      tokens['ville-besancon'],
    );
    expect(forecast.data!.body.meeting.quorumForecast).toEqual({
      required: null,
      reached: null,
      rule: { statutory: false, article: 'CGCT L2121-17' },
    });
    // A séance without quorum cannot fail one: no third convocation.
    expect(failure(await conveneAgain('ville-besancon', { bodyId: failed.bodyId, meetingId: secondId }, startsAt))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'ALREADY_WITHOUT_QUORUM',
    });
  });

  it('L2121-17: refused when the quorum was reached, or the séance is not held yet, or for a commission (no statutory quorum)', async () => {
    const later = zonedDateTime(addDays(today('Europe/Paris'), 10), '18:00', 'Europe/Paris');
    const reached = await heldWith('ville-besancon', 100);
    expect((await meetingView('ville-besancon', reached.meetingId)).quorumFailure).toBeNull();
    expect(failure(await conveneAgain('ville-besancon', reached, later))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'QUORUM_NOT_FAILED',
    });

    const notHeld = await createMeeting(harness, tokens['ville-besancon']!, 'ville-besancon', { inDays: 20, items: 1 });
    expect(failure(await conveneAgain('ville-besancon', notHeld, later))).toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'QUORUM_NOT_FAILED',
    });

    const commission = await heldWith('ville-besancon', 0, { assemblyKind: 'COMMISSION' });
    const refused = await conveneAgain('ville-besancon', commission, later);
    expect(failure(refused)).toMatchObject({ code: 'PRECONDITION_FAILED', reason: 'NO_STATUTORY_QUORUM' });
    expect((await meetingView('ville-besancon', commission.meetingId)).quorumFailure).toBeNull();

    expect(failure(await conveneAgain('ville-besancon', { bodyId: reached.bodyId, meetingId: 'not-a-meeting' }, later))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('réunion held by law three days later (CGCT L3121-14)', () => {
  it('L3121-14: a département’s réunion without quorum is held exactly three days later, sent without the 12-day delay', async () => {
    const failed = await heldWith('departement-doubs', 0);
    const earliest = addDays(today('Europe/Paris'), 3);
    expect((await meetingView('departement-doubs', failed.meetingId)).quorumFailure).toMatchObject({
      article: 'CGCT L3121-14',
      quorumArticle: 'CGCT L3121-14',
      earliestDate: earliest,
      dePleinDroit: true,
    });
    const fourDays = await conveneAgain(
      'departement-doubs',
      failed,
      zonedDateTime(addDays(today('Europe/Paris'), 4), '10:00', 'Europe/Paris'),
    );
    expect(failure(fourDays)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'SECOND_CONVOCATION_DATE', article: 'CGCT L3121-14' });
    expect(fourDays.errors?.[0]?.message).toContain('se tient de plein droit trois jours plus tard');

    const again = await conveneAgain('departement-doubs', failed, zonedDateTime(earliest, '10:00', 'Europe/Paris'));
    expect(again.errors).toBeUndefined();
    const secondId = again.data!.conveneAgainWithoutQuorum.id;
    expect(await convene('departement-doubs', { bodyId: failed.bodyId, meetingId: secondId })).toMatchObject({
      clearDays: 0,
      article: 'CGCT L3121-14 (réunion de plein droit)',
    });
    const second = await meetingView('departement-doubs', secondId);
    expect(second.secondConvocation).toMatchObject({ article: 'CGCT L3121-14', dePleinDroit: true });
    expect(second.legalNotices.quorum).toContain('valables quel que soit le nombre des présents. (CGCT L3121-14)');
    expect(second.legalNotices.quorum).not.toContain('L2121');
  });
});
