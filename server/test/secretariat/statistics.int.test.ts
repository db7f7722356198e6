import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseOf } from '../convocations/fixtures.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

// The demo of `npm start`: the Ville's conseil municipal convened, with some receipts and answers.
let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness({ demoDocuments: true, environment: { JOBS_CONCURRENCY: '0' } });
});
afterAll(() => harness?.close());

const query = `query ($from: DateTime, $to: DateTime) { body(slug: "ville-besancon") { statistics(from: $from, to: $to) {
  meetings convenedMeetings recordedMeetings announcedMeetings sends onTimeSends urgentConvocations opened acknowledged meanHoursToOpen
  documentsSent pagesSent electronicPages electronicDeliveries paperDeliveries
  attendance { convened present proxies absent unanswered recorded }
  officials { displayName proxiesHeld opened acknowledged meanHoursToOpen attendance { convened present proxies absent unanswered recorded } }
  assemblies { name meetings recordedMeetings announcedMeetings attendance { convened present proxies absent unanswered recorded } }
} } }`;

type Statistics = {
  officials: {
    displayName: string;
    proxiesHeld: number;
    opened: number;
    acknowledged: number;
    meanHoursToOpen: number | null;
    attendance: Record<string, number>;
  }[];
  assemblies: { name: string; meetings: number; attendance: Record<string, number> }[];
  [figure: string]: unknown;
};

describe('the statistics of the Ville, against the demo data', () => {
  it('counts its convened meeting, the reading and the answers of its nine councillors, the pages not printed', async () => {
    const result = await harness.graphql<{ body: { statistics: Statistics } }>(query, {}, await harness.token('secretariat.ville'));
    expect(result.errors).toBeUndefined();
    const statistics = result.data!.body.statistics;
    expect(statistics).toMatchObject({
      meetings: 1,
      convenedMeetings: 1,
      recordedMeetings: 0,
      announcedMeetings: 1,
      sends: 1,
      onTimeSends: 1,
      urgentConvocations: 0,
      // Paul, Anne, Sophie, Karim, Élodie and Jean-Marc opened; Karim and Jean-Marc did not acknowledge.
      opened: 6,
      acknowledged: 4,
      // Six documents: 3 + 6 + 2 + 3 + 3 + 4 pages, to nine officials convened electronically.
      documentsSent: 6,
      pagesSent: 21,
      electronicPages: 189,
      electronicDeliveries: 9,
      paperDeliveries: 0,
      attendance: { convened: 9, present: 3, proxies: 1, absent: 1, unanswered: 4, recorded: 0 },
    });
    expect(statistics.meanHoursToOpen).toBeGreaterThanOrEqual(0);
    expect(statistics.officials).toHaveLength(9);
    expect(statistics.officials.find((official) => official.displayName === 'Sophie Lambert')).toMatchObject({
      proxiesHeld: 1,
      opened: 1,
      acknowledged: 1,
      attendance: { convened: 1, present: 1 },
    });
    expect(statistics.officials.find((official) => official.displayName === 'Paul Bernard')).toMatchObject({ attendance: { proxies: 1 } });
    expect(statistics.officials.find((official) => official.displayName === 'Claire Martin')).toMatchObject({
      opened: 0,
      meanHoursToOpen: null,
      attendance: { unanswered: 1 },
    });
    // Assemblies with meetings in the period (the commission has none).
    expect(statistics.assemblies).toEqual([
      {
        name: 'Conseil municipal',
        meetings: 1,
        recordedMeetings: 0,
        announcedMeetings: 1,
        attendance: { convened: 9, present: 3, proxies: 1, absent: 1, unanswered: 4, recorded: 0 },
      },
    ]);
  });

  it('takes a period, and refuses one that ends before it starts', async () => {
    const token = await harness.token('secretariat.ville');
    const later = await harness.graphql<{ body: { statistics: { meetings: number; sends: number } } }>(
      query,
      { from: new Date(Date.now() + 60 * 86_400_000).toISOString() },
      token,
    );
    expect(later.data!.body.statistics).toMatchObject({ meetings: 0, sends: 0 });
    const backwards = await harness.graphql(query, { from: '2026-12-01T00:00:00Z', to: '2026-11-01T00:00:00Z' }, token);
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  it('is for the body’s secretariat only', async () => {
    for (const login of ['claire.martin', 'secretariat.doubs']) {
      const result = await harness.graphql(query, {}, await harness.token(login));
      expect(result.errors?.[0]?.extensions?.code, login).toBe('NOT_FOUND');
    }
  });

  it('counts the attendance recorded in session instead of the answers announced, once recorded', async () => {
    const token = await harness.token('secretariat.ville');
    const db = databaseOf(harness);
    const { body, em, schema } = await db.body('ville-besancon');
    const [meeting] = await em.getConnection().execute<{ id: string }[]>(`select id from ${schema}.meeting`);
    // The demo's conseil municipal is held today.
    await em.getConnection().execute(`update ${schema}.meeting set starts_at = now() where id = ?`, [meeting!.id]);
    const person = async (login: string) => db.personId(login);
    // Karim announced present and stayed away, Élodie announced absent and came, Thomas is not recorded.
    const entries = [
      { personId: await person('paul.bernard'), status: 'REPRESENTED', proxyHolderId: await person('sophie.lambert') },
      ...(await Promise.all(
        ['anne.vignot', 'sophie.lambert', 'elodie.roussel', 'jean-marc.girard', 'claire.martin'].map(async (login) => ({
          personId: await person(login),
          status: 'PRESENT',
        })),
      )),
      ...(await Promise.all(['karim.benali', 'nadia.haddad'].map(async (login) => ({ personId: await person(login), status: 'ABSENT' })))),
    ];
    const recorded = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: RecordAttendanceInput!) { recordAttendance(bodyId: $bodyId, input: $input) { open } }',
      { bodyId: body.id, input: { meetingId: meeting!.id, entries } },
      token,
    );
    expect(recorded.errors).toBeUndefined();

    const statistics = (await harness.graphql<{ body: { statistics: Statistics } }>(query, {}, token)).data!.body.statistics;
    const counts = { convened: 9, present: 5, proxies: 1, absent: 2, unanswered: 1, recorded: 9 };
    expect(statistics).toMatchObject({ convenedMeetings: 1, recordedMeetings: 1, announcedMeetings: 0, attendance: counts });
    expect(statistics.assemblies).toEqual([
      { name: 'Conseil municipal', meetings: 1, recordedMeetings: 1, announcedMeetings: 0, attendance: counts },
    ]);
    const official = (name: string) => statistics.officials.find((item) => item.displayName === name);
    expect(official('Karim Benali')).toMatchObject({ attendance: { convened: 1, present: 0, absent: 1, recorded: 1 } });
    expect(official('Élodie Roussel')).toMatchObject({ attendance: { present: 1, absent: 0 } });
    expect(official('Thomas Vidal')).toMatchObject({ attendance: { unanswered: 1, recorded: 1 } });
    expect(official('Sophie Lambert')).toMatchObject({ proxiesHeld: 1, attendance: { present: 1 } });
    expect(official('Paul Bernard')).toMatchObject({ attendance: { proxies: 1 } });
  });
});
