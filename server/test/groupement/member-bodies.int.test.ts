import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assembly } from '../../src/body/assemblies/assembly.entity.js';
import type { GraphqlContext } from '../../src/graphql/context.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { createMemberBody } from '../../src/platform/groupement/member-bodies.js';
import { Membership } from '../../src/platform/people/membership.entity.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import { bodyIdOf, contractInput, contractMutation, graphqlAs } from '../helpers/groupement.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness?.close());

const bodySchemaCount = async () =>
  Number(
    (
      await harness.runtime.orm.em.fork().execute<{ count: string }[]>("select count(*) from pg_namespace where nspname like 'body\\_%'")
    )[0]!.count,
  );
const codeOf = (result: { errors?: { extensions?: Record<string, unknown> }[] | undefined }) =>
  result.errors?.map((error) => error.extensions?.code);
const createBody = `mutation ($input: MemberBodyInput!) {
  createMemberBody(input: $input) { body { id slug status kind } admin { roles person { email } } linkedExistingAccount invitationSent }
}`;
const changeStatus = 'mutation ($id: UUID!, $action: BodyLifecycleAction!) { changeBodyStatus(bodyId: $id, action: $action) { status } }';
const pontarlier = {
  slug: 'ville-pontarlier',
  name: 'Ville de Pontarlier',
  kind: 'COMMUNE',
  population: 17_000,
  adminEmail: 'secretariat@pontarlier.example.fr',
  adminDisplayName: 'Secrétariat — Ville de Pontarlier',
};

describe('member bodies', () => {
  it('creates a fifth body: its schema, its first admin (invited), ready for its secretariat', async () => {
    const result = await graphqlAs<{
      createMemberBody: {
        body: { id: string; slug: string; status: string };
        admin: { roles: string[] };
        linkedExistingAccount: boolean;
        invitationSent: boolean;
      };
    }>(harness, 'coordination', createBody, { input: pontarlier });
    expect(result.createMemberBody).toMatchObject({
      body: { slug: 'ville-pontarlier', status: 'ACTIVE' },
      admin: { roles: ['SECRETARIAT', 'BODY_ADMIN'] },
      linkedExistingAccount: false,
      invitationSent: true,
    });
    const bodyId = result.createMemberBody.body.id;
    const em = harness.runtime.orm.em.fork({ schema: bodySchemaName(bodyId) });
    expect(await em.count(Assembly, {})).toBe(0);
    const bodies = await graphqlAs<{ bodies: { slug: string }[] }>(harness, 'coordination', '{ bodies { slug } }');
    expect(bodies.bodies.map((body) => body.slug)).toContain('ville-pontarlier');
  });

  it('links an existing account as first admin', async () => {
    const result = await graphqlAs<{
      createMemberBody: { linkedExistingAccount: boolean; invitationSent: boolean; admin: { person: { email: string } } };
    }>(harness, 'coordination', createBody, {
      input: {
        ...pontarlier,
        slug: 'syndicat-mixte-doubs',
        name: 'Syndicat mixte du Doubs',
        kind: 'SYNDICAT',
        adminEmail: 'SECRETARIAT.DOUBS@demo.cartable.fr',
      },
    });
    expect(result.createMemberBody).toMatchObject({
      linkedExistingAccount: true,
      invitationSent: false,
      admin: { person: { email: 'secretariat.doubs@demo.cartable.fr' } },
    });
  });

  it('refuses a slug in use, and leaves nothing behind from a failed creation', async () => {
    const token = await harness.token('coordination');
    const bodiesBefore = await harness.runtime.orm.em.fork().count(Body, {});
    const taken = await harness.graphql(createBody, { input: { ...pontarlier, adminEmail: 'autre@pontarlier.example.fr' } }, token);
    expect(taken.errors?.[0]).toMatchObject({ message: 'Un organisme porte déjà cet identifiant.', extensions: { code: 'CONFLICT' } });
    const invalid = await harness.graphql(createBody, { input: { ...pontarlier, slug: 'Pas Valide' } }, token);
    expect(codeOf(invalid)).toEqual(['BAD_USER_INPUT']);
    const badZone = await harness.graphql(createBody, { input: { ...pontarlier, slug: 'ville-morteau', timeZone: 'Mars/Olympus' } }, token);
    expect(codeOf(badZone)).toEqual(['BAD_USER_INPUT']);
    expect(await harness.runtime.orm.em.fork().count(Body, {})).toBe(bodiesBefore);
    expect(await bodySchemaCount()).toBe(bodiesBefore);
  });

  it('leaves nothing behind when its first admin cannot be seated (schema and row roll back together)', async () => {
    const em = harness.runtime.orm.em.fork();
    const [bodies, schemas] = [await em.count(Body, {}), await bodySchemaCount()];
    const context = {
      platformEm: em,
      bodyMigrations: harness.runtime.bodyMigrations,
      billing: harness.runtime.billing,
      identity: {
        findAccountByEmail: async () => null,
        createAccount: async () => {
          throw new Error('identity server unreachable');
        },
      },
    } as unknown as GraphqlContext;
    const creation = createMemberBody(context, {
      body: { slug: 'ville-morteau', name: 'Ville de Morteau', kind: 'COMMUNE' },
      admin: { email: 'secretariat@morteau.example.fr', displayName: 'Secrétariat' },
    });
    await expect(creation).rejects.toThrow('identity server unreachable');
    expect([await em.count(Body, {}), await bodySchemaCount()]).toEqual([bodies, schemas]);
  });

  it("is the coordinator's alone", async () => {
    for (const username of ['secretariat.ville', 'claire.martin']) {
      const token = await harness.token(username);
      expect(codeOf(await harness.graphql(createBody, { input: { ...pontarlier, slug: 'intrus' } }, token))).toEqual(['FORBIDDEN']);
      expect(
        codeOf(await harness.graphql(changeStatus, { id: await bodyIdOf(harness, 'ville-besancon'), action: 'SUSPEND' }, token)),
      ).toEqual(['FORBIDDEN']);
      expect(codeOf(await harness.graphql(contractMutation, { input: await contractInput(harness) }, token))).toEqual(['FORBIDDEN']);
      expect(codeOf(await harness.graphql('{ contracts { id } }', {}, token))).toEqual(['FORBIDDEN']);
    }
  });
});

describe('suspension and archiving', () => {
  const createAssembly =
    'mutation ($bodyId: UUID!) { createAssembly(bodyId: $bodyId, input: { kind: CONSEIL_MUNICIPAL, name: "Conseil municipal" }) { id } }';

  it("closes a suspended body's space to its members (reads and writes), and reopens it on reactivation", async () => {
    const coordinator = await harness.token('coordination');
    // The Département's secretariat is also the Syndicat's first admin (linked above).
    const admin = await harness.token('secretariat.doubs');
    await graphqlAs(harness, 'coordination', changeStatus, { id: await bodyIdOf(harness, 'syndicat-mixte-doubs'), action: 'SUSPEND' });
    const closed = await harness.graphql('{ body(slug: "syndicat-mixte-doubs") { status assemblies { id } } }', {}, admin);
    expect(closed.errors?.[0]).toMatchObject({ extensions: { code: 'BODY_UNAVAILABLE' }, message: expect.stringContaining('suspendu') });
    const record = await harness.graphql<{ body: { status: string } }>('{ body(slug: "syndicat-mixte-doubs") { status } }', {}, admin);
    expect(record.data!.body.status).toBe('SUSPENDED');
    expect(
      codeOf(await harness.graphql(changeStatus, { id: await bodyIdOf(harness, 'syndicat-mixte-doubs'), action: 'SUSPEND' }, coordinator)),
    ).toEqual(['CONFLICT']);
    await graphqlAs(harness, 'coordination', changeStatus, { id: await bodyIdOf(harness, 'syndicat-mixte-doubs'), action: 'REACTIVATE' });
    const reopened = await harness.graphql('{ body(slug: "syndicat-mixte-doubs") { assemblies { id } } }', {}, admin);
    expect(reopened.errors).toBeUndefined();
  });

  it('makes an archived body read-only for good, its data kept', async () => {
    const admin = await harness.token('secretariat.doubs');
    const syndicat = await bodyIdOf(harness, 'syndicat-mixte-doubs');
    expect((await harness.graphql(createAssembly, { bodyId: syndicat }, admin)).errors).toBeUndefined();
    await graphqlAs(harness, 'coordination', changeStatus, { id: syndicat, action: 'ARCHIVE' });

    const read = await harness.graphql<{ body: { assemblies: { id: string }[] } }>(
      '{ body(slug: "syndicat-mixte-doubs") { assemblies { id } } }',
      {},
      admin,
    );
    expect(read.data!.body.assemblies).toHaveLength(1);
    const write = await harness.graphql(createAssembly, { bodyId: syndicat }, admin);
    expect(write.errors?.[0]).toMatchObject({
      message: 'Cet organisme est archivé : ses données restent consultables mais ne peuvent plus être modifiées.',
      extensions: { code: 'BODY_READ_ONLY' },
    });
    const seat = await harness.graphql(
      'mutation ($bodyId: UUID!) { addMember(bodyId: $bodyId, input: { email: "x@example.org", displayName: "X", roles: [OFFICIAL] }) { invitationSent } }',
      { bodyId: syndicat },
      admin,
    );
    expect(codeOf(seat)).toEqual(['BODY_READ_ONLY']);
    expect(await harness.runtime.orm.em.fork().count(Membership, { body: syndicat })).toBe(1);
    const coordinator = await harness.token('coordination');
    expect(codeOf(await harness.graphql(changeStatus, { id: syndicat, action: 'REACTIVATE' }, coordinator))).toEqual(['CONFLICT']);
    expect((await harness.runtime.orm.em.fork().findOneOrFail(Body, syndicat)).archivedAt).toBeInstanceOf(Date);
  });

  it('keeps the holder of the contract in force in service', async () => {
    await graphqlAs(harness, 'coordination', contractMutation, { input: await contractInput(harness) });
    const result = await harness.graphql(
      changeStatus,
      { id: await bodyIdOf(harness, 'region-bfc'), action: 'ARCHIVE' },
      await harness.token('coordination'),
    );
    expect(result.errors?.[0]).toMatchObject({
      extensions: { code: 'CONFLICT' },
      message: 'Le titulaire d’un marché en cours ne peut être ni suspendu ni archivé.',
    });
  });
});

describe('the contract', () => {
  it('holds its terms and weights, refuses overlapping dates and a duplicate reference', async () => {
    const token = await harness.token('coordination');
    const weighted = await graphqlAs<{
      createContract: { id: string; sharingRule: string; weights: { bodyId: string; weight: number }[] };
    }>(harness, 'coordination', contractMutation, {
      input: await contractInput(harness, {
        reference: 'GC-2030',
        startsOn: '2030-01-01',
        endsOn: '2030-12-31',
        sharingRule: 'WEIGHTED',
        weights: [{ bodyId: await bodyIdOf(harness, 'departement-doubs'), weight: 3 }],
      }),
    });
    expect(weighted.createContract).toMatchObject({ sharingRule: 'WEIGHTED', weights: [{ weight: 3 }] });
    const overlap = await harness.graphql(
      contractMutation,
      { input: await contractInput(harness, { reference: 'GC-OVERLAP', startsOn: '2029-06-01', endsOn: '2030-06-30' }) },
      token,
    );
    expect(overlap.errors?.[0]).toMatchObject({
      message: 'Ces dates chevauchent celles d’un autre marché du groupement.',
      extensions: { code: 'CONFLICT' },
    });
    const sameReference = await harness.graphql(
      contractMutation,
      { input: await contractInput(harness, { reference: 'GC-2030', startsOn: '2031-01-01', endsOn: '2031-12-31' }) },
      token,
    );
    expect(codeOf(sameReference)).toEqual(['CONFLICT']);
    const backwards = await harness.graphql(
      contractMutation,
      { input: await contractInput(harness, { reference: 'GC-2032', startsOn: '2032-12-31', endsOn: '2032-01-01' }) },
      token,
    );
    expect(codeOf(backwards)).toEqual(['BAD_USER_INPUT']);
    const negative = await harness.graphql(
      contractMutation,
      { input: await contractInput(harness, { reference: 'GC-2033', startsOn: '2033-01-01', endsOn: '2033-12-31', seatPriceCents: -1 }) },
      token,
    );
    expect(codeOf(negative)).toEqual(['BAD_USER_INPUT']);

    const updated = await harness.graphql<{ updateContract: { seatPriceCents: number; weights: unknown[] } }>(
      'mutation ($id: UUID!, $input: ContractInput!) { updateContract(contractId: $id, input: $input) { seatPriceCents weights { weight } } }',
      {
        id: weighted.createContract.id,
        input: await contractInput(harness, {
          reference: 'GC-2030',
          startsOn: '2030-01-01',
          endsOn: '2030-12-31',
          seatPriceCents: 1800,
          sharingRule: 'EQUAL',
        }),
      },
      token,
    );
    expect(updated.data!.updateContract).toEqual({ seatPriceCents: 1800, weights: [] });
    const contracts = await graphqlAs<{ contracts: { reference: string }[] }>(harness, 'coordination', '{ contracts { reference } }');
    expect(contracts.contracts.map((contract) => contract.reference)).toEqual(['GC-2030', 'GC-2026-NUM-01']);
  });
});
