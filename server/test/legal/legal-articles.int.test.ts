import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/common/ids.js';
import { zonedDate } from '../../src/common/time.js';
import { Membership } from '../../src/platform/people/membership.entity.js';
import { databaseOf } from '../convocations/fixtures.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

/**
 * Issue 17 (5), the screens' side: `Body.legalArticles` and the vote articles of `Meeting.legalNotices`
 * give the web app the article of each rule for the body's own kind (legal/body-articles.ts,
 * vote-rules.ts, assembly-rules.ts), so a département's screens never cite a commune's L2121-x.
 */
let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  // The demo has no login for the métropole's secretariat: the town's is given the role there, to read its draft meeting.
  const db = databaseOf(harness);
  const { body } = await db.body('grand-besancon-metropole');
  const platformEm = db.platform();
  platformEm.create(Membership, { id: uuidv7(), person: await db.personId('secretariat.ville'), body: body.id, roles: ['SECRETARIAT'] });
  await platformEm.flush();
});
afterAll(() => harness?.close());

const failure = (result: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }): Record<string, unknown> => ({
  message: result.errors?.[0]?.message,
  ...result.errors?.[0]?.extensions,
});

const articlesQuery = `query ($slug: String!) { body(slug: $slug) {
  kind
  legalArticles { secretaries closedSession interest deliberationList actsPublication minutes publicationMentions register convocationChannel politicalGroups proxy }
  meetings(limit: 1) { legalNotices { majorityArticle ballotArticle publicBallotRequest { numerator denominator } secretBallotRequest { numerator denominator } } }
} }`;

interface Articles {
  body: {
    kind: string;
    legalArticles: Record<string, string | null>;
    meetings: {
      legalNotices: {
        majorityArticle: string;
        ballotArticle: string;
        publicBallotRequest: { numerator: number; denominator: number };
        secretBallotRequest: { numerator: number; denominator: number };
      };
    }[];
  };
}

async function articlesOf(slug: string, login: string) {
  const result = await harness.graphql<Articles>(articlesQuery, { slug }, await harness.token(login));
  expect(result.errors).toBeUndefined();
  return result.data!.body;
}

const quarter = { numerator: 1, denominator: 4 };
const sixth = { numerator: 1, denominator: 6 };
const third = { numerator: 1, denominator: 3 };

describe('the articles the screens cite, per kind of body', () => {
  it('a commune: L2121-x, R2121-9, R2131-1 — the articles of the conseil municipal', async () => {
    const body = await articlesOf('ville-besancon', 'secretariat.ville');
    expect(body.kind).toBe('COMMUNE');
    expect(body.legalArticles).toEqual({
      secretaries: 'CGCT L2121-15',
      closedSession: 'CGCT L2121-18',
      interest: 'CGCT L2131-11',
      deliberationList: 'CGCT L2121-25',
      actsPublication: 'CGCT L2131-1',
      minutes: 'CGCT L2121-15',
      publicationMentions: 'CGCT R2131-1',
      register: 'CGCT R2121-9',
      convocationChannel: 'CGCT L2121-10',
      politicalGroups: 'CGCT L2121-28',
      proxy: 'CGCT L2121-20',
    });
    expect(body.meetings[0]!.legalNotices).toEqual({
      majorityArticle: 'CGCT L2121-20',
      ballotArticle: 'CGCT L2121-21',
      publicBallotRequest: quarter,
      secretBallotRequest: third,
    });
  });

  it('an EPCI: the commune’s articles by L5211-1 (L5211-11 for the huis clos), nothing unverified', async () => {
    const body = await articlesOf('grand-besancon-metropole', 'secretariat.ville');
    expect(body.kind).toBe('EPCI');
    expect(body.legalArticles).toEqual({
      secretaries: 'CGCT L2121-15 (par L5211-1)',
      closedSession: 'CGCT L5211-11',
      interest: 'CGCT L2131-11 (par L5211-1)',
      deliberationList: 'CGCT L2121-25 (par L5211-1)',
      actsPublication: 'CGCT L2131-1 (par L5211-3)',
      minutes: 'CGCT L2121-15 (par L5211-1)',
      publicationMentions: null,
      register: null,
      convocationChannel: 'CGCT L2121-10 (par L5211-1)',
      politicalGroups: null,
      proxy: 'CGCT L2121-20 (par L5211-1)',
    });
    expect(body.meetings[0]!.legalNotices).toEqual({
      majorityArticle: 'CGCT L2121-20 (par L5211-1)',
      ballotArticle: 'CGCT L2121-21 (par L5211-1)',
      publicBallotRequest: quarter,
      secretBallotRequest: third,
    });
  });

  it('a département: L3121-x, L3131-1, R3131-2, and never a commune’s article', async () => {
    const body = await articlesOf('departement-doubs', 'secretariat.doubs');
    expect(body.kind).toBe('DEPARTEMENT');
    expect(body.legalArticles).toEqual({
      secretaries: 'CGCT L3121-13',
      closedSession: 'CGCT L3121-11',
      interest: null,
      deliberationList: null,
      actsPublication: 'CGCT L3131-1',
      minutes: 'CGCT L3121-13',
      publicationMentions: 'CGCT R3131-2',
      register: null,
      convocationChannel: 'CGCT L3121-19',
      politicalGroups: 'CGCT L3121-24',
      proxy: 'CGCT L3121-16',
    });
    expect(body.meetings[0]!.legalNotices).toEqual({
      majorityArticle: 'CGCT L3121-14',
      ballotArticle: 'CGCT L3121-15',
      publicBallotRequest: sixth,
      secretBallotRequest: third,
    });
    expect(JSON.stringify(body)).not.toMatch(/[LR]21\d\d-/);
  });

  it('a région: L4132-x, L4141-1, and never a commune’s article', async () => {
    const body = await articlesOf('region-bfc', 'coordination');
    expect(body.kind).toBe('REGION');
    expect(body.legalArticles).toEqual({
      secretaries: null,
      closedSession: 'CGCT L4132-10',
      interest: null,
      deliberationList: null,
      actsPublication: 'CGCT L4141-1',
      minutes: null,
      publicationMentions: null,
      register: null,
      convocationChannel: 'CGCT L4132-18',
      politicalGroups: 'CGCT L4132-23',
      proxy: 'CGCT L4132-15',
    });
    expect(body.meetings[0]!.legalNotices).toEqual({
      majorityArticle: 'CGCT L4132-13',
      ballotArticle: 'CGCT L4132-14',
      publicBallotRequest: sixth,
      secretBallotRequest: third,
    });
    expect(JSON.stringify(body)).not.toMatch(/[LR]21\d\d-/);
  });

  it('are read by the body’s own members only, officials included', async () => {
    expect((await articlesOf('departement-doubs', 'claire.martin')).legalArticles.closedSession).toBe('CGCT L3121-11');
    const stranger = await harness.graphql(
      '{ body(slug: "departement-doubs") { legalArticles { closedSession } } }',
      {},
      await harness.token('paul.bernard'),
    );
    expect(failure(stranger)).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the règlement intérieur of a département (CGCT L3121-16)', () => {
  it('refuses a limit of consecutive séances, a délégation being for one réunion, citing L3121-16 and writing nothing', async () => {
    const doubs = await harness.token('secretariat.doubs');
    const { data } = await harness.graphql<{ body: { id: string } }>('{ body(slug: "departement-doubs") { id } }', {}, doubs);
    const input = {
      validFrom: zonedDate(new Date(), 'Europe/Paris'),
      reference: 'Règlement intérieur, art. 9',
      commissionQuorum: false,
      proxyMaxConsecutiveSeances: 2,
    };
    const refused = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: ReglementInterieurSettingInput!) { addReglementInterieurSetting(bodyId: $bodyId, input: $input) { validFrom } }',
      { bodyId: data!.body.id, input },
      doubs,
    );
    expect(failure(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'proxyMaxConsecutiveSeances', reason: 'POUVOIR_PER_REUNION' });
    expect(failure(refused).message).toContain('(CGCT L3121-16)');
    const settings = await harness.graphql<{ body: { reglementInterieur: unknown[] } }>(
      '{ body(slug: "departement-doubs") { reglementInterieur { validFrom } } }',
      {},
      doubs,
    );
    expect(settings.data!.body.reglementInterieur).toEqual([]);
  });
});
