import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { textPdf, uploadDocument } from '../helpers/document-upload.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

type InboxMeeting = { id: string; title: string; startsAt: string; status: string; body: { slug: string }; assembly: { name: string } };
const inboxQuery = `query ($from: DateTime, $to: DateTime) { myMeetings(from: $from, to: $to) { id title startsAt status body { slug } assembly { name } } }`;
const searchQuery = `query ($query: String!) { searchDocuments(query: $query) { body { slug } meetingId meetingTitle documentId documentTitle pageNumber excerpt highlights { start length } } }`;
type Hit = {
  body: { slug: string };
  documentTitle: string;
  pageNumber: number;
  excerpt: string;
  highlights: { start: number; length: number }[];
};

let harness: TestHarness;

const inbox = (token: string, variables: Record<string, unknown> = {}) =>
  harness.graphql<{ myMeetings: InboxMeeting[] }>(inboxQuery, variables, token);
const search = (token: string, query: string) => harness.graphql<{ searchDocuments: Hit[] }>(searchQuery, { query }, token);

/** Puts a body's schema behind the latest migration, as during a migration run; returns the undo. */
async function markBehind(slug: string): Promise<() => Promise<void>> {
  const em = harness.runtime.orm.em.fork();
  const body = await em.findOneOrFail(Body, { slug });
  const version = body.schemaVersion;
  body.schemaVersion = '0001_assemblies_meetings.sql';
  await em.flush();
  return async () => {
    body.schemaVersion = version;
    await em.flush();
  };
}

beforeAll(async () => {
  // The demo of `npm start`: meetings convened, so officials see them (drafts are the secretariat's).
  harness = await startHarness({ demoDocuments: true });
});
afterAll(() => harness?.close());

describe('the inbox across bodies (myMeetings)', () => {
  it('lists the meetings of every body of claire.martin in one list, by date, with their body and assembly', async () => {
    const result = await inbox(await harness.token('claire.martin'));
    expect(result.errors).toBeUndefined();
    const meetings = result.data!.myMeetings;
    expect(meetings.map((meeting) => meeting.body.slug)).toEqual(['ville-besancon', 'grand-besancon-metropole', 'departement-doubs']);
    expect(meetings.map((meeting) => meeting.startsAt)).toEqual(meetings.map((meeting) => meeting.startsAt).sort());
    expect(meetings[0]).toMatchObject({ title: 'Conseil municipal', assembly: { name: 'Conseil municipal' } });
  });

  it('lists only the meetings the caller is convened to: one body for paul.bernard, none for the coordinator (who convenes, not convened)', async () => {
    expect((await inbox(await harness.token('paul.bernard'))).data!.myMeetings.map((meeting) => meeting.body.slug)).toEqual([
      'ville-besancon',
    ]);
    expect((await inbox(await harness.token('coordination'))).data!.myMeetings).toEqual([]);
  });

  it('filters by date', async () => {
    const token = await harness.token('claire.martin');
    const all = (await inbox(token)).data!.myMeetings;
    const after = (await inbox(token, { from: all[1]!.startsAt })).data!.myMeetings;
    expect(after.map((meeting) => meeting.id)).toEqual(all.slice(1).map((meeting) => meeting.id));
    const before = (await inbox(token, { to: all[1]!.startsAt })).data!.myMeetings;
    expect(before.map((meeting) => meeting.id)).toEqual([all[0]!.id]);
  });

  it('reads the platform inbox index and no body schema: a body being migrated still shows', async () => {
    const token = await harness.token('claire.martin');
    // One of her bodies is being migrated: her inbox reads none of their schemas, so it is whole.
    const restoreVille = await markBehind('ville-besancon');
    try {
      const result = await inbox(token);
      expect(result.errors).toBeUndefined();
      expect(result.data!.myMeetings.map((meeting) => meeting.body.slug)).toContain('ville-besancon');
    } finally {
      await restoreVille();
    }
    // Opening that meeting enters the body: refused until its migration is done.
    const restore = await markBehind('ville-besancon');
    try {
      const page = await harness.graphql('{ body(slug: "ville-besancon") { meetings { id } } }', {}, token);
      expect(page.errors?.[0]?.extensions?.code).toBe('BODY_SCHEMA_BEHIND');
    } finally {
      await restore();
    }
  });

  it('needs a login', async () => {
    expect((await harness.graphql(inboxQuery)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe("search across the documents of all one's meetings (searchDocuments)", () => {
  beforeAll(async () => {
    const upload = async (username: string, slug: string, pages: string[], title: string) => {
      const token = await harness.token(username);
      const body = await harness.graphql<{ body: { id: string; meetings: { id: string }[] } }>(
        `{ body(slug: "${slug}") { id meetings { id } } }`,
        {},
        token,
      );
      return uploadDocument(
        harness,
        token,
        { bodyId: body.data!.body.id, meetingId: body.data!.body.meetings[0]!.id, title },
        await textPdf(pages),
      );
    };
    await upload(
      'secretariat.ville',
      'ville-besancon',
      ['Sommaire', 'Le plan de mobilités douces prévoit quarante kilomètres de pistes cyclables.'],
      'Plan vélo',
    );
    const first = await upload(
      'secretariat.doubs',
      'departement-doubs',
      ['Les mobilités rurales et le transport à la demande.'],
      'Transports',
    );
    // A newer version replaces the text searched: only the latest version of a document is searched.
    const doubs = await harness.graphql<{ body: { id: string; meetings: { id: string }[] } }>(
      '{ body(slug: "departement-doubs") { id meetings { id } } }',
      {},
      await harness.token('secretariat.doubs'),
    );
    await uploadDocument(
      harness,
      await harness.token('secretariat.doubs'),
      { bodyId: doubs.data!.body.id, meetingId: doubs.data!.body.meetings[0]!.id, documentId: first, title: 'Transports' },
      await textPdf(['Les mobilités rurales et le covoiturage solidaire.']),
    );
    await upload('coordination', 'region-bfc', ['Le schéma régional des mobilités et du covoiturage.'], 'SRADDET');
  });

  it('finds a word in every body of the caller, accents and endings ignored, with an excerpt', async () => {
    const result = await search(await harness.token('claire.martin'), 'mobilites');
    expect(result.errors).toBeUndefined();
    const hits = result.data!.searchDocuments;
    expect(hits.map((hit) => hit.body.slug).sort()).toEqual(['departement-doubs', 'ville-besancon']);
    const ville = hits.find((hit) => hit.body.slug === 'ville-besancon')!;
    expect(ville).toMatchObject({ documentTitle: 'Plan vélo', pageNumber: 2 });
    const [span] = ville.highlights;
    expect(ville.excerpt.slice(span!.start, span!.start + span!.length)).toBe('mobilités');
  });

  it('searches the latest version only, and never a body the caller does not belong to', async () => {
    const token = await harness.token('claire.martin');
    expect((await search(token, 'transport à la demande')).data!.searchDocuments).toEqual([]);
    expect((await search(token, 'covoiturage')).data!.searchDocuments.map((hit) => hit.body.slug)).toEqual(['departement-doubs']);
    expect((await search(await harness.token('coordination'), 'covoiturage')).data!.searchDocuments.map((hit) => hit.body.slug)).toEqual([
      'region-bfc',
    ]);
  });

  it('refuses a query too short or too long', async () => {
    const token = await harness.token('claire.martin');
    expect((await search(token, 'a')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await search(token, 'x'.repeat(201))).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
