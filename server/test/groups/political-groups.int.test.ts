import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textPdf, uploadDocument } from '../helpers/document-upload.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
let secretariat: string;
let bodyId: string;
const people = new Map<string, string>();
let meetingId: string;
let documentId: string;
let versionId: string;

type Group = { id: string; name: string; shortName: string; color: string; memberIds: string[] };
const groupFields = 'id name shortName color memberIds';
const createMutation = `mutation ($bodyId: UUID!, $input: PoliticalGroupInput!) { createPoliticalGroup(bodyId: $bodyId, input: $input) { ${groupFields} } }`;
const assignMutation = `mutation ($bodyId: UUID!, $input: PoliticalGroupAssignmentInput!) { assignPoliticalGroup(bodyId: $bodyId, input: $input) { ${groupFields} } }`;
const shareMutation =
  'mutation ($bodyId: UUID!, $id: UUID!, $shared: Boolean!) { shareAnnotationWithGroup(bodyId: $bodyId, annotationId: $id, shared: $shared) { id sharedWithGroup } }';
const sharedQuery = `query ($meetingId: UUID!) { body(slug: "ville-besancon") { meeting(id: $meetingId) { documents { id groupAnnotations { authorName annotation { id note sharedWithGroup } } } } } }`;

const today = new Date().toISOString().slice(0, 10);
const create = (input: Record<string, string>, token = secretariat) =>
  harness.graphql<{ createPoliticalGroup: Group }>(createMutation, { bodyId, input }, token);
const assign = (person: string, groupId: string | null, from = today) =>
  harness.graphql<{ assignPoliticalGroup: Group[] }>(
    assignMutation,
    { bodyId, input: { personId: people.get(person), groupId, from } },
    secretariat,
  );

/** What `username` reads of the annotations shared with their group on the test document. */
async function sharedWith(username: string) {
  const result = await harness.graphql<{
    body: {
      meeting: { documents: { id: string; groupAnnotations: { authorName: string; annotation: { id: string; note: string } }[] }[] };
    };
  }>(sharedQuery, { meetingId }, await harness.token(username));
  expect(result.errors).toBeUndefined();
  const document = result.data!.body.meeting.documents.find((candidate) => candidate.id === documentId)!;
  return document.groupAnnotations.map(({ authorName, annotation }) => `${authorName}: ${annotation.note}`);
}

async function note(username: string, text: string) {
  const id = randomUUID();
  const result = await harness.graphql(
    'mutation ($bodyId: UUID!, $input: AnnotationInput!) { saveAnnotation(bodyId: $bodyId, input: $input) { id } }',
    { bodyId, input: { id, documentId, versionId, pageNumber: 1, kind: 'NOTE', note: text } },
    await harness.token(username),
  );
  expect(result.errors).toBeUndefined();
  return id;
}

const share = async (username: string, id: string, shared = true) =>
  harness.graphql<{ shareAnnotationWithGroup: { sharedWithGroup: boolean } }>(
    shareMutation,
    { bodyId, id, shared },
    await harness.token(username),
  );

beforeAll(async () => {
  harness = await startHarness({ demoDocuments: true, environment: { JOBS_CONCURRENCY: '0' } });
  secretariat = await harness.token('secretariat.ville');
  const body = await harness.graphql<{
    body: { id: string; meetings: { id: string }[]; members: { person: { id: string; email: string } }[] };
  }>('{ body(slug: "ville-besancon") { id meetings { id } members { person { id email } } } }', {}, secretariat);
  bodyId = body.data!.body.id;
  for (const { person } of body.data!.body.members) people.set(person.email.split('@')[0]!, person.id);
  meetingId = body.data!.body.meetings[0]!.id;
  documentId = await uploadDocument(harness, secretariat, { bodyId, meetingId }, await textPdf(['Budget primitif 2027.']));
  const versions = await harness.graphql<{ body: { meeting: { documents: { id: string; versions: { id: string }[] }[] } } }>(
    'query ($meetingId: UUID!) { body(slug: "ville-besancon") { meeting(id: $meetingId) { documents { id versions { id } } } } }',
    { meetingId },
    secretariat,
  );
  versionId = versions.data!.body.meeting.documents.find((document) => document.id === documentId)!.versions[0]!.id;
});
afterAll(() => harness?.close());

let majority: Group;
let opposition: Group;

describe('political groups', () => {
  it('are defined by the secretariat with a name, a short name and a colour; a name is unique, a colour checked', async () => {
    const created = await create({ name: 'Besançon Écologie et Citoyenneté', shortName: 'BEC', color: '#2e7d32' });
    expect(created.errors).toBeUndefined();
    majority = created.data!.createPoliticalGroup;
    expect(majority).toMatchObject({ shortName: 'BEC', color: '#2E7D32', memberIds: [] });
    opposition = (await create({ name: 'Agir pour Besançon', shortName: 'APB', color: '#1F5FAD' })).data!.createPoliticalGroup;

    expect(
      (await create({ name: 'besançon écologie et citoyenneté', shortName: 'X', color: '#000000' })).errors![0]!.extensions!.code,
    ).toBe('CONFLICT');
    const badColour = await create({ name: 'Divers', shortName: 'DIV', color: 'vert' });
    expect(badColour.errors![0]).toMatchObject({
      message: 'La couleur doit s’écrire #RRVVBB.',
      extensions: { code: 'BAD_USER_INPUT', field: 'color' },
    });
    expect(
      (await create({ name: 'Intrus', shortName: 'I', color: '#000000' }, await harness.token('claire.martin'))).errors![0]!.extensions!
        .code,
    ).toBe('NOT_FOUND');
  });

  it('hold an official in one group at a time: joining another ends the first; only officials join', async () => {
    expect((await assign('claire.martin', majority.id)).errors).toBeUndefined();
    expect((await assign('paul.bernard', majority.id)).errors).toBeUndefined();
    expect((await assign('anne.vignot', opposition.id)).errors).toBeUndefined();
    const moved = await assign('anne.vignot', majority.id);
    const moveBack = await assign('anne.vignot', opposition.id);
    expect(moved.errors).toBeUndefined();
    const groups = moveBack.data!.assignPoliticalGroup;
    expect(groups.find((group) => group.id === majority.id)!.memberIds.sort()).toEqual(
      [people.get('claire.martin'), people.get('paul.bernard')].sort(),
    );
    expect(groups.find((group) => group.id === opposition.id)!.memberIds).toEqual([people.get('anne.vignot')]);

    const staff = await assign('secretariat.ville', majority.id);
    expect(staff.errors![0]).toMatchObject({
      message: 'Seul un élu peut appartenir à un groupe politique.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const unknownGroup = await assign('claire.martin', randomUUID());
    expect(unknownGroup.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('are read by the officials of the body, as the directory shows them', async () => {
    const result = await harness.graphql<{ body: { politicalGroups: Group[] } }>(
      '{ body(slug: "ville-besancon") { politicalGroups { name shortName memberIds } } }',
      {},
      await harness.token('paul.bernard'),
    );
    expect(result.data!.body.politicalGroups.map((group) => group.name)).toEqual([
      'Agir pour Besançon',
      'Besançon Écologie et Citoyenneté',
    ]);
  });
});

describe("annotations shared with one's group", () => {
  it("are read, with their author's name, by the fellow members of the group only — not other groups, officials without a group, the secretariat", async () => {
    const shared = await note('claire.martin', 'Demander le détail de la ligne 6042.');
    await note('claire.martin', 'Note privée.');
    const result = await share('claire.martin', shared);
    expect(result.data!.shareAnnotationWithGroup.sharedWithGroup).toBe(true);

    expect(await sharedWith('paul.bernard')).toEqual(['Claire Martin: Demander le détail de la ligne 6042.']);
    expect(await sharedWith('claire.martin')).toEqual([]);
    expect(await sharedWith('secretariat.ville')).toEqual([]);

    // Read-only: a fellow member can neither change nor unshare nor delete it.
    expect((await share('paul.bernard', shared, false)).errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const overwrite = await harness.graphql(
      'mutation ($bodyId: UUID!, $input: AnnotationInput!) { saveAnnotation(bodyId: $bodyId, input: $input) { id } }',
      { bodyId, input: { id: shared, documentId, versionId, pageNumber: 1, kind: 'NOTE', note: 'Modifié' } },
      await harness.token('paul.bernard'),
    );
    expect(overwrite.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  it('follow the group: another group or none reads nothing; unsharing hides them; sharing needs a group', async () => {
    await assign('paul.bernard', opposition.id);
    expect(await sharedWith('paul.bernard')).toEqual([]);
    await assign('paul.bernard', null);
    expect(await sharedWith('paul.bernard')).toEqual([]);
    const lonely = await note('paul.bernard', 'Seul.');
    const refused = await share('paul.bernard', lonely);
    expect(refused.errors![0]).toMatchObject({
      message: 'Vous n’appartenez à aucun groupe politique dans cet organisme.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    await assign('paul.bernard', majority.id);
    expect(await sharedWith('paul.bernard')).toHaveLength(1);

    const [id] = (
      await harness.graphql<{
        body: { meeting: { documents: { id: string; annotations: { id: string; sharedWithGroup: boolean }[] }[] } };
      }>(
        'query ($meetingId: UUID!) { body(slug: "ville-besancon") { meeting(id: $meetingId) { documents { id annotations { id sharedWithGroup } } } } }',
        { meetingId },
        await harness.token('claire.martin'),
      )
    )
      .data!.body.meeting.documents.find((document) => document.id === documentId)!
      .annotations.filter((annotation) => annotation.sharedWithGroup)
      .map((annotation) => annotation.id);
    await share('claire.martin', id!, false);
    expect(await sharedWith('paul.bernard')).toEqual([]);
  });

  it('end with the membership: a member removed from the body leaves their group', async () => {
    const members = await harness.graphql<{ body: { members: { id: string; person: { id: string } }[] } }>(
      '{ body(slug: "ville-besancon") { members { id person { id } } } }',
      {},
      secretariat,
    );
    const paul = members.data!.body.members.find((membership) => membership.person.id === people.get('paul.bernard'))!;
    expect(
      (
        await harness.graphql(
          'mutation ($bodyId: UUID!, $id: UUID!) { removeMember(bodyId: $bodyId, membershipId: $id) }',
          { bodyId, id: paul.id },
          secretariat,
        )
      ).errors,
    ).toBeUndefined();
    const groups = await harness.graphql<{ body: { politicalGroups: Group[] } }>(
      '{ body(slug: "ville-besancon") { politicalGroups { id memberIds } } }',
      {},
      secretariat,
    );
    expect(groups.data!.body.politicalGroups.find((group) => group.id === majority.id)!.memberIds).toEqual([people.get('claire.martin')]);
  });
});
