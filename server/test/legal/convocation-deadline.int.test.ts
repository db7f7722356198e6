import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

const query = `query ($kind: BodyKind!, $population: Int, $startsAt: DateTime!, $urgent: Boolean, $timeZone: String) {
  convocationDeadline(bodyKind: $kind, population: $population, meetingStartsAt: $startsAt, urgent: $urgent, timeZone: $timeZone) {
    latestSendAt latestSendDate clearDays article urgent timeZone rulesValidFrom
  }
}`;

describe('convocationDeadline', () => {
  it('answers anyone, without a token', async () => {
    const result = await harness.graphql(query, { kind: 'COMMUNE', population: 117_000, startsAt: '2027-01-18T18:00:00+01:00' });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      convocationDeadline: {
        latestSendAt: '2027-01-12T23:59:59+01:00',
        latestSendDate: '2027-01-12',
        clearDays: 5,
        article: 'CGCT L2121-12',
        urgent: false,
        timeZone: 'Europe/Paris',
        rulesValidFrom: '2020-01-01',
      },
    });
  });

  it('takes urgency and an overseas time zone', async () => {
    const result = await harness.graphql<{ convocationDeadline: { latestSendAt: string; clearDays: number } }>(query, {
      kind: 'REGION',
      startsAt: '2027-01-20T09:00:00+04:00',
      urgent: true,
      timeZone: 'Indian/Reunion',
    });
    expect(result.data!.convocationDeadline).toMatchObject({ latestSendAt: '2027-01-18T23:59:59+04:00', clearDays: 1 });
  });

  it('explains bad input in French', async () => {
    const noPopulation = await harness.graphql(query, { kind: 'COMMUNE', startsAt: '2027-01-18T18:00:00+01:00' });
    expect(noPopulation.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'population' } });
    const badZone = await harness.graphql(query, { kind: 'EPCI', startsAt: '2027-01-18T18:00:00+01:00', timeZone: 'Lune/Tranquillité' });
    expect(badZone.errors?.[0]).toMatchObject({ message: 'Fuseau horaire inconnu.', extensions: { code: 'BAD_USER_INPUT' } });
    const badKind = await harness.graphql(query, { kind: 'CANTON', startsAt: '2027-01-18T18:00:00+01:00' });
    expect(badKind.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is exposed on each meeting, from its body and its agenda', async () => {
    const token = await harness.token('secretariat.ville');
    const result = await harness.graphql<{
      body: { meetings: { startsAt: string; convocationDeadline: { clearDays: number; article: string; latestSendDate: string } }[] };
    }>('{ body(slug: "ville-besancon") { meetings { startsAt convocationDeadline { clearDays article latestSendDate } } } }', {}, token);
    const [meeting] = result.data!.body.meetings;
    expect(meeting!.convocationDeadline).toMatchObject({ clearDays: 5, article: 'CGCT L2121-12' });
    expect(new Date(`${meeting!.convocationDeadline.latestSendDate}T12:00:00Z`).getTime()).toBeLessThan(
      new Date(meeting!.startsAt).getTime() - 5 * 86_400_000,
    );
    const anonymous = await harness.graphql('{ body(slug: "ville-besancon") { meetings { convocationDeadline { clearDays } } } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
