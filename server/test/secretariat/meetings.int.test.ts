import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
let token: string;
let bodyId: string;
beforeAll(async () => {
  harness = await startHarness();
  token = await harness.token('secretariat.ville');
  const body = await harness.graphql<{ body: { id: string } }>('{ body(slug: "ville-besancon") { id } }', {}, token);
  bodyId = body.data!.body.id;
});
afterAll(() => harness?.close());

const agendaFields = 'id status urgent agenda { id number title kind icpe closedSession children { id number title } }';
type Agenda = { id: string; number: string; title: string; children: { id: string; number: string; title: string }[] }[];

describe('a secretariat prepares a meeting through GraphQL', () => {
  it('creates an assembly, seats members, and derives the number in office', async () => {
    const created = await harness.graphql<{ createAssembly: { id: string } }>(
      'mutation ($bodyId: UUID!) { createAssembly(bodyId: $bodyId, input: { kind: COMMISSION, name: "Commission urbanisme" }) { id } }',
      { bodyId },
      token,
    );
    const assemblyId = created.data!.createAssembly.id;
    const members = await harness.graphql<{ body: { members: { person: { id: string; email: string } }[] } }>(
      '{ body(slug: "ville-besancon") { members { person { id email } } } }',
      {},
      token,
    );
    const personId = (email: string) => members.data!.body.members.find((member) => member.person.email === email)!.person.id;
    const seat = (id: string, extra: string) =>
      harness.graphql(
        `mutation ($bodyId: UUID!, $assemblyId: UUID!, $personId: UUID!) { addAssemblyMember(bodyId: $bodyId, assemblyId: $assemblyId, input: { personId: $personId ${extra} }) { id } }`,
        { bodyId, assemblyId, personId: id },
        token,
      );
    expect((await seat(personId('claire.martin@demo.cartable.fr'), ', role: PRESIDENT')).errors).toBeUndefined();
    expect(
      (await seat(personId('paul.bernard@demo.cartable.fr'), ', mandateStart: "2020-03-15", mandateEnd: "2026-03-14"')).errors,
    ).toBeUndefined();
    const again = await seat(personId('claire.martin@demo.cartable.fr'), '');
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const roster = await harness.graphql<{
      body: { assemblies: { id: string; membersInOffice: number; members: { displayName: string; role: string; inOffice: boolean }[] }[] };
    }>('{ body(slug: "ville-besancon") { assemblies { id membersInOffice members { displayName role inOffice } } } }', {}, token);
    const commission = roster.data!.body.assemblies.find((assembly) => assembly.id === assemblyId)!;
    expect(commission.members).toEqual([
      { displayName: 'Claire Martin', role: 'PRESIDENT', inOffice: true },
      { displayName: 'Paul Bernard', role: 'MEMBRE', inOffice: false },
    ]);
    expect(commission.membersInOffice).toBe(1);
  });

  it('creates a meeting, builds and reorders a numbered agenda', async () => {
    const assemblies = await harness.graphql<{ body: { assemblies: { id: string; kind: string }[] } }>(
      '{ body(slug: "ville-besancon") { assemblies { id kind } } }',
      {},
      token,
    );
    const assemblyId = assemblies.data!.body.assemblies.find((assembly) => assembly.kind === 'CONSEIL_MUNICIPAL')!.id;
    const meeting = await harness.graphql<{ createMeeting: { id: string; status: string } }>(
      'mutation ($bodyId: UUID!, $input: MeetingInput!) { createMeeting(bodyId: $bodyId, input: $input) { id status } }',
      { bodyId, input: { assemblyId, title: 'Conseil municipal de mars', startsAt: '2030-03-12T18:00:00+01:00', place: 'Hôtel de Ville' } },
      token,
    );
    expect(meeting.data!.createMeeting.status).toBe('DRAFT');
    const meetingId = meeting.data!.createMeeting.id;
    const add = (title: string, place?: Record<string, unknown>) =>
      harness.graphql<{ addAgendaItem: { agenda: Agenda } }>(
        `mutation ($bodyId: UUID!, $meetingId: UUID!, $title: String!, $place: AgendaPlaceInput) { addAgendaItem(bodyId: $bodyId, meetingId: $meetingId, input: { title: $title, kind: DELIBERATION }, place: $place) { ${agendaFields} } }`,
        { bodyId, meetingId, title, place },
        token,
      );
    await add('Compte administratif');
    const budget = await add('Budget primitif');
    const budgetId = budget.data!.addAgendaItem.agenda[1]!.id;
    await add('Annexe — investissements', { parentId: budgetId });
    const last = await add('Procès-verbal de la séance précédente', { position: 1 });
    expect(last.data!.addAgendaItem.agenda.map((item) => [item.number, item.title, item.children.map((child) => child.number)])).toEqual([
      ['1', 'Procès-verbal de la séance précédente', []],
      ['2', 'Compte administratif', []],
      ['3', 'Budget primitif', ['3.1']],
    ]);
    const moved = await harness.graphql<{ moveAgendaItem: { agenda: Agenda } }>(
      `mutation ($bodyId: UUID!, $id: UUID!) { moveAgendaItem(bodyId: $bodyId, itemId: $id, place: { position: 2 }) { ${agendaFields} } }`,
      { bodyId, id: budgetId },
      token,
    );
    expect(moved.data!.moveAgendaItem.agenda.map((item) => item.title)).toEqual([
      'Procès-verbal de la séance précédente',
      'Budget primitif',
      'Compte administratif',
    ]);
    const impossible = await harness.graphql(
      'mutation ($bodyId: UUID!, $id: UUID!) { moveAgendaItem(bodyId: $bodyId, itemId: $id, place: { position: 9 }) { id } }',
      { bodyId, id: budgetId },
      token,
    );
    expect(impossible.errors?.[0]).toMatchObject({
      message: 'Position impossible : choisissez entre 1 et 3.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('refuses a meeting in the past and an unjustified urgency, and illegal status changes', async () => {
    const assemblies = await harness.graphql<{ body: { assemblies: { id: string }[] } }>(
      '{ body(slug: "ville-besancon") { assemblies { id } } }',
      {},
      token,
    );
    const assemblyId = assemblies.data!.body.assemblies[0]!.id;
    const create = (input: Record<string, unknown>) =>
      harness.graphql<{ createMeeting: { id: string } }>(
        'mutation ($bodyId: UUID!, $input: MeetingInput!) { createMeeting(bodyId: $bodyId, input: $input) { id } }',
        { bodyId, input: { assemblyId, title: 'Séance', ...input } },
        token,
      );
    expect((await create({ startsAt: '2020-01-01T10:00:00Z' })).errors?.[0]).toMatchObject({
      message: 'La séance doit avoir lieu dans le futur.',
    });
    expect((await create({ startsAt: '2030-01-01T10:00:00Z', urgent: true })).errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'urgencyJustification' },
    });
    const ok = await create({ startsAt: '2030-01-01T10:00:00Z', urgent: true, urgencyJustification: 'Arrêté de péril imminent' });
    const change = (status: string) =>
      harness.graphql(
        `mutation ($bodyId: UUID!, $id: UUID!) { changeMeetingStatus(bodyId: $bodyId, meetingId: $id, status: ${status}) { status } }`,
        { bodyId, id: ok.data!.createMeeting.id },
        token,
      );
    expect((await change('HELD')).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await change('CANCELLED')).data).toEqual({ changeMeetingStatus: { status: 'CANCELLED' } });
  });

  it('lets officials read the agenda but not change it', async () => {
    const official = await harness.token('paul.bernard');
    const result = await harness.graphql(
      'mutation ($bodyId: UUID!) { createAssembly(bodyId: $bodyId, input: { kind: BUREAU, name: "X" }) { id } }',
      { bodyId },
      official,
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const read = await harness.graphql<{ body: { meetings: { agenda: unknown[] }[] } }>(
      '{ body(slug: "ville-besancon") { meetings { title agenda { number } } } }',
      {},
      official,
    );
    expect(read.errors).toBeUndefined();
  });
});
