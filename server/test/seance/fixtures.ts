import { randomUUID } from 'node:crypto';
import { loadOrCreateSigningKey } from '../../src/auth/embedded-provider/signing-key.js';
import { forgeAccessToken } from '../helpers/access-token.js';
import { attachDocument, createMeeting, databaseOf, sendMutation } from '../convocations/fixtures.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

/** The council of Besançon in the demo: nine voting members, Anne Vignot presides. */
export const villeMembers = [
  'anne.vignot',
  'claire.martin',
  'elodie.roussel',
  'jean-marc.girard',
  'karim.benali',
  'nadia.haddad',
  'paul.bernard',
  'sophie.lambert',
  'thomas.vidal',
] as const;

export const seanceFields = `meetingId status electronicVoting openedAt closedAt closedSession quorumLostAt lastEventId
  secretaries { personId displayName }
  currentItem { id title status }
  items { id number title status interested { personId } }
  attendees { personId displayName present stays { arrivedAt leftAt } representedBy { personId } holdsProxyOf { personId } }
  quorum { membersInOffice present represented required counted reached article }
  quorumChecks { id occasion itemId present represented required counted reached article }
  votes { id itemId method electronic status result expressed majority tie castingVoteUsed presidentChoice article enteredBySecretariat myBallots
    figures { for against abstention notVoting blank spoiled } requestedBy { personId } quorumCheck { occasion reached } }
  openVote { id method status }
  me { manager member present holdsProxyOf { personId } }`;

export interface SeanceView {
  meetingId: string;
  status: string;
  electronicVoting: boolean;
  openedAt: string;
  closedAt: string | null;
  closedSession: boolean;
  quorumLostAt: string | null;
  lastEventId: string;
  secretaries: { personId: string; displayName: string }[];
  currentItem: { id: string; title: string; status: string } | null;
  items: { id: string; number: string; title: string; status: string; interested: { personId: string }[] }[];
  attendees: {
    personId: string;
    displayName: string;
    present: boolean;
    stays: { arrivedAt: string; leftAt: string | null }[];
    representedBy: { personId: string } | null;
    holdsProxyOf: { personId: string }[];
  }[];
  quorum: {
    membersInOffice: number;
    present: number;
    represented: number;
    required: number;
    counted: number;
    reached: boolean;
    article: string;
  };
  quorumChecks: {
    id: string;
    occasion: string;
    itemId: string | null;
    present: number;
    represented: number;
    required: number;
    counted: number;
    reached: boolean;
    article: string;
  }[];
  votes: {
    id: string;
    itemId: string;
    method: string;
    electronic: boolean;
    status: string;
    result: string | null;
    expressed: number | null;
    majority: number | null;
    tie: boolean | null;
    castingVoteUsed: boolean | null;
    presidentChoice: string | null;
    article: string | null;
    enteredBySecretariat: boolean;
    myBallots: string[];
    figures: { for: number; against: number; abstention: number; notVoting: number; blank: number; spoiled: number } | null;
    requestedBy: { personId: string }[];
    quorumCheck: { occasion: string; reached: boolean };
  }[];
  openVote: { id: string; method: string; status: string } | null;
  me: { manager: boolean; member: boolean; present: boolean; holdsProxyOf: { personId: string }[] };
}

type Failure = { message: string | undefined } & Record<string, unknown>;
export const failure = (result: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }): Failure => ({
  message: result.errors?.[0]?.message,
  ...result.errors?.[0]?.extensions,
});

/** The séance's operations, as the web app calls them, for one body and meeting. */
export function seanceClient(harness: TestHarness, bodyId: string, meetingId: string) {
  const call = async (
    field: string,
    signature: string,
    args: string,
    variables: Record<string, unknown>,
    token: string,
    selection = seanceFields,
  ) => {
    const result = await harness.graphql<Record<string, SeanceView>>(
      `mutation (${signature}) { ${field}(${args}) { ${selection} } }`,
      { bodyId, meetingId, ...variables },
      token,
    );
    return { ...result, seance: result.data?.[field] ?? null };
  };
  return {
    read: async (token: string) => {
      const result = await harness.graphql<{ body: { meeting: { seance: SeanceView | null } } }>(
        `query ($meetingId: UUID!, $slug: String!) { body(slug: $slug) { meeting(id: $meetingId) { seance { ${seanceFields} } } } }`,
        { meetingId, slug: 'ville-besancon' },
        token,
      );
      return { ...result, seance: result.data?.body.meeting.seance ?? null };
    },
    open: (token: string, input: { presentIds: string[]; secretaryIds?: string[]; electronicVoting?: boolean; at?: string }) =>
      call(
        'openSeance',
        '$bodyId: UUID!, $input: OpenSeanceInput!',
        'bodyId: $bodyId, input: $input',
        { input: { meetingId, secretaryIds: [], ...input } },
        token,
      ),
    arrive: (token: string, personId: string, at?: string) =>
      call(
        'recordArrival',
        '$bodyId: UUID!, $input: SeanceMovementInput!',
        'bodyId: $bodyId, input: $input',
        { input: { meetingId, personId, at } },
        token,
      ),
    leave: (token: string, personId: string, proxyHolderId?: string, at?: string, illnessDeclared?: boolean) =>
      call(
        'recordDeparture',
        '$bodyId: UUID!, $input: SeanceMovementInput!',
        'bodyId: $bodyId, input: $input',
        { input: { meetingId, personId, proxyHolderId, at, illnessDeclared } },
        token,
      ),
    secretaries: (token: string, secretaryIds: string[]) =>
      call(
        'setSeanceSecretaries',
        '$bodyId: UUID!, $meetingId: UUID!, $secretaryIds: [UUID!]!',
        'bodyId: $bodyId, meetingId: $meetingId, secretaryIds: $secretaryIds',
        { secretaryIds },
        token,
      ),
    closedSession: (token: string, closedSession: boolean) =>
      call(
        'decideClosedSession',
        '$bodyId: UUID!, $meetingId: UUID!, $closedSession: Boolean!',
        'bodyId: $bodyId, meetingId: $meetingId, closedSession: $closedSession',
        { closedSession },
        token,
      ),
    suspend: (token: string) =>
      call('suspendSeance', '$bodyId: UUID!, $meetingId: UUID!', 'bodyId: $bodyId, meetingId: $meetingId', {}, token),
    resume: (token: string) =>
      call('resumeSeance', '$bodyId: UUID!, $meetingId: UUID!', 'bodyId: $bodyId, meetingId: $meetingId', {}, token),
    close: (token: string) => call('closeSeance', '$bodyId: UUID!, $meetingId: UUID!', 'bodyId: $bodyId, meetingId: $meetingId', {}, token),
    checkQuorum: (token: string) =>
      call('checkSeanceQuorum', '$bodyId: UUID!, $meetingId: UUID!', 'bodyId: $bodyId, meetingId: $meetingId', {}, token),
    current: (token: string, itemId: string) =>
      call(
        'setCurrentItem',
        '$bodyId: UUID!, $meetingId: UUID!, $itemId: UUID!',
        'bodyId: $bodyId, meetingId: $meetingId, itemId: $itemId',
        { itemId },
        token,
      ),
    decideItem: (token: string, itemId: string, decision: 'WITHDRAWN' | 'ADJOURNED') =>
      call(
        'decideSeanceItem',
        '$bodyId: UUID!, $meetingId: UUID!, $itemId: UUID!, $decision: SeanceItemDecision!',
        'bodyId: $bodyId, meetingId: $meetingId, itemId: $itemId, decision: $decision',
        { itemId, decision },
        token,
      ),
    interest: (token: string, itemId: string, personId: string) =>
      call(
        'declareInterest',
        '$bodyId: UUID!, $meetingId: UUID!, $itemId: UUID!, $personId: UUID!',
        'bodyId: $bodyId, meetingId: $meetingId, itemId: $itemId, personId: $personId',
        { itemId, personId },
        token,
      ),
    openVote: (
      token: string,
      input: { itemId: string; method: string; requestedBy?: string[]; nomination?: boolean; electronic?: boolean },
    ) =>
      call(
        'openVote',
        '$bodyId: UUID!, $input: OpenVoteInput!',
        'bodyId: $bodyId, input: $input',
        { input: { meetingId, ...input } },
        token,
      ),
    cast: async (token: string, voteId: string, choice: string, voterId?: string) => {
      const result = await harness.graphql<{ castBallot: { id: string; myBallots: string[] } }>(
        'mutation ($bodyId: UUID!, $input: CastBallotInput!) { castBallot(bodyId: $bodyId, input: $input) { id myBallots } }',
        { bodyId, input: { voteId, choice, voterId } },
        token,
      );
      return { ...result, vote: result.data?.castBallot ?? null };
    },
    closeVote: (token: string, voteId: string, presidentChoice?: string) =>
      call(
        'closeVote',
        '$bodyId: UUID!, $input: CloseVoteInput!',
        'bodyId: $bodyId, input: $input',
        { input: { voteId, presidentChoice } },
        token,
      ),
    totals: (token: string, voteId: string, figures: Record<string, number | string>) =>
      call(
        'enterVoteTotals',
        '$bodyId: UUID!, $input: VoteTotalsInput!',
        'bodyId: $bodyId, input: $input',
        { input: { voteId, ...figures } },
        token,
      ),
  };
}

/** A meeting of the Besançon council convened 20 days ahead with `items` deliberations, then moved to now: its day has come. */
export async function meetingToday(
  harness: TestHarness,
  secretariat: string,
  items = 3,
  proxies: readonly { giverId: string; holderId: string }[] = [],
) {
  const meeting = await createMeeting(harness, secretariat, 'ville-besancon', { inDays: 20, items });
  await attachDocument(harness, 'ville-besancon', 'secretariat.ville', meeting.meetingId, {
    kind: 'NOTE_SYNTHESE',
    title: 'Note explicative de synthèse',
  });
  const sent = await harness.graphql(sendMutation, { bodyId: meeting.bodyId, input: { meetingId: meeting.meetingId } }, secretariat);
  if (sent.errors) throw new Error(JSON.stringify(sent.errors));
  // Pouvoirs announced before the meeting by the secretariat on the givers' behalf (illness declared: each
  // test meeting is another consecutive séance, and L2121-20 would stop the fourth proxy in a row).
  for (const { giverId, holderId } of proxies) {
    const answered = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: AnswerConvocationInput!) { answerConvocation(bodyId: $bodyId, input: $input) { id } }',
      {
        bodyId: meeting.bodyId,
        input: { meetingId: meeting.meetingId, response: 'PROXY', proxyHolderId: holderId, onBehalfOf: giverId, illnessDeclared: true },
      },
      secretariat,
    );
    if (answered.errors) throw new Error(JSON.stringify(answered.errors));
  }
  const { schema } = await databaseOf(harness).body('ville-besancon');
  await harness.runtime.orm.em
    .getConnection()
    .execute(`update ${schema}.meeting set starts_at = now() - interval '1 minute' where id = ?`, [meeting.meetingId]);
  return meeting;
}

export async function personIds(harness: TestHarness, logins: readonly string[]): Promise<Record<string, string>> {
  const db = databaseOf(harness);
  return Object.fromEntries(await Promise.all(logins.map(async (login) => [login, await db.personId(login)])));
}

const forged = new WeakMap<TestHarness, Map<string, Promise<string>>>();

/**
 * A token for a demo official who has no account in the realm file (only a few do): signed with the
 * embedded provider's key, their verified email binds them at first use, as on a first login; one
 * account per person and harness (a person bound to an account is never rebound to another).
 */
export function memberToken(harness: TestHarness, login: string): Promise<string> {
  const tokens = forged.get(harness) ?? new Map<string, Promise<string>>();
  forged.set(harness, tokens);
  let token = tokens.get(login);
  if (!token) {
    token = loadOrCreateSigningKey(harness.dataDir).then((key) =>
      forgeAccessToken(key, {
        sub: randomUUID(),
        email: `${login}@demo.cartable.fr`,
        email_verified: true,
        exp: Math.floor(Date.now() / 1000) + 3_600,
      }),
    );
    tokens.set(login, token);
  }
  return token;
}

/**
 * A harness for a séance of the Ville (jobs off, so nothing runs behind the test's back), with the
 * secretariat's token, the person ids of the members and the secretariat, and a token per member.
 */
export async function startVilleSeance() {
  const harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  const secretariat = await harness.token('secretariat.ville');
  const ids = await personIds(harness, [...villeMembers, 'secretariat.ville']);
  const tokens: Record<string, string> = {};
  for (const login of villeMembers) tokens[login] = await memberToken(harness, login);
  return { harness, secretariat, ids, tokens };
}
