import { GraphQLObjectType, getNamedType, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { buildCartableSchema } from '../../src/graphql/build-schema.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { Membership } from '../../src/platform/people/membership.entity.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

/**
 * Every operation that takes an id (or a slug) is tried by members of the Ville against objects of the
 * Département — directly, and smuggled under their own body. Each answer must be NOT_FOUND, so that the
 * API never confirms that another body's object exists. A new id-taking field fails the coverage check
 * until it is added here.
 */
interface Target {
  doubsBodyId: string;
  villeBodyId: string;
  doubsMeetingId: string;
  doubsMembershipId: string;
}

interface Probe {
  coordinates: string[];
  query: string;
  variables: (target: Target) => Record<string, unknown>;
}

const probes: Record<string, Probe> = {
  'body by slug': {
    coordinates: ['Query.body(slug)'],
    query: '{ body(slug: "departement-doubs") { id name } }',
    variables: () => ({}),
  },
  'meeting of another body under its own body': {
    coordinates: ['Body.meeting(id)'],
    query: 'query ($id: ID!) { body(slug: "ville-besancon") { meeting(id: $id) { title } } }',
    variables: (target) => ({ id: target.doubsMeetingId }),
  },
  'add a member to another body': {
    coordinates: ['Mutation.addMember(bodyId)'],
    query: 'mutation ($bodyId: ID!) { addMember(bodyId: $bodyId, input: { email: "intrus@example.org", displayName: "Intrus", roles: [OFFICIAL] }) { invitationSent } }',
    variables: (target) => ({ bodyId: target.doubsBodyId }),
  },
  'update a membership of another body': {
    coordinates: ['Mutation.updateMembership(bodyId)', 'Mutation.updateMembership(membershipId)'],
    query: 'mutation ($bodyId: ID!, $id: ID!) { updateMembership(bodyId: $bodyId, membershipId: $id, input: { roles: [OFFICIAL] }) { id } }',
    variables: (target) => ({ bodyId: target.doubsBodyId, id: target.doubsMembershipId }),
  },
  'update a membership of another body under its own body': {
    coordinates: [],
    query: 'mutation ($bodyId: ID!, $id: ID!) { updateMembership(bodyId: $bodyId, membershipId: $id, input: { roles: [OFFICIAL] }) { id } }',
    variables: (target) => ({ bodyId: target.villeBodyId, id: target.doubsMembershipId }),
  },
  'remove a membership of another body': {
    coordinates: ['Mutation.removeMember(bodyId)', 'Mutation.removeMember(membershipId)'],
    query: 'mutation ($bodyId: ID!, $id: ID!) { removeMember(bodyId: $bodyId, membershipId: $id) }',
    variables: (target) => ({ bodyId: target.doubsBodyId, id: target.doubsMembershipId }),
  },
  'remove a membership of another body under its own body': {
    coordinates: [],
    query: 'mutation ($bodyId: ID!, $id: ID!) { removeMember(bodyId: $bodyId, membershipId: $id) }',
    variables: (target) => ({ bodyId: target.villeBodyId, id: target.doubsMembershipId }),
  },
  'a body id that is not an id': {
    coordinates: [],
    query: 'mutation { removeMember(bodyId: "departement-doubs", membershipId: "x") }',
    variables: () => ({}),
  },
};

function idTakingCoordinates(schema: GraphQLSchema): string[] {
  const coordinates: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      for (const argument of field.args) {
        if (getNamedType(argument.type).name === 'ID' || argument.name === 'slug') {
          coordinates.push(`${type.name}.${field.name}(${argument.name})`);
        }
      }
    }
  }
  return coordinates.sort();
}

let harness: TestHarness;
let target: Target;
beforeAll(async () => {
  harness = await startHarness();
  const em = harness.runtime.orm.em.fork();
  const doubs = await em.findOneOrFail(Body, { slug: 'departement-doubs' });
  const ville = await em.findOneOrFail(Body, { slug: 'ville-besancon' });
  const [meeting] = await harness.runtime.orm.em.fork({ schema: bodySchemaName(doubs.id) }).find(Meeting, {}, { limit: 1 });
  const [membership] = await em.find(Membership, { body: doubs.id }, { limit: 1 });
  target = { doubsBodyId: doubs.id, villeBodyId: ville.id, doubsMeetingId: meeting!.id, doubsMembershipId: membership!.id };
});
afterAll(() => harness?.close());

describe('cross-body matrix', () => {
  it('covers every operation that takes an id or a slug', async () => {
    const covered = new Set(Object.values(probes).flatMap((probe) => probe.coordinates));
    expect(idTakingCoordinates(await buildCartableSchema()).filter((coordinate) => !covered.has(coordinate))).toEqual([]);
  });

  for (const actor of ['paul.bernard', 'secretariat.ville']) {
    for (const [name, probe] of Object.entries(probes)) {
      it(`${actor}: ${name} → NOT_FOUND`, async () => {
        const result = await harness.graphql(probe.query, probe.variables(target), await harness.token(actor));
        expect(result.status).toBe(200);
        expect(result.data ?? null).toBeNull();
        expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['NOT_FOUND']);
      });
    }
  }

  it('left the Département untouched', async () => {
    const em = harness.runtime.orm.em.fork();
    expect(await em.count(Membership, { body: target.doubsBodyId })).toBe(2);
    const membership = await em.findOneOrFail(Membership, target.doubsMembershipId);
    expect(membership.roles.length).toBeGreaterThan(0);
  });
});
