import { graphql, type GraphQLSchema } from 'graphql';
import { Arg, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root, buildSchema } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Viewer } from '../../src/auth/viewer.js';
import { Meeting } from '../../src/body/meetings/meeting.entity.js';
import { InBody } from '../../src/graphql/in-body.js';
import { UuidScalar } from '../../src/graphql/scalars.js';
import { fixedClock } from '../../src/legal/clock.js';
import { uuidv7 } from '../../src/common/ids.js';
import { Body } from '../../src/platform/bodies/body.entity.js';
import { BodyContext, SystemActor, type PersonContext } from '../../src/tenancy/body-context.js';
import { BodyScope, type OperationKind } from '../../src/tenancy/body-scope.js';
import { latestMigration } from '../../src/tenancy/schema-migrator.js';
import { enterBodyAsSystem } from '../../src/tenancy/system-scope.js';
import { buildBody } from '../helpers/factories.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

/**
 * `@InBody` and the job path, on a schema of their own: a query and a mutation that name their body by
 * argument, and a field that names it by its parent, each answering who it ran as. Every refusal must be
 * the one `BodyScope.enter` gives (NOT_FOUND, BODY_UNAVAILABLE, BODY_READ_ONLY, UNAUTHENTICATED), and the
 * resolver must not run.
 */
@ObjectType('Probe')
class ProbeType {
  @Field(() => ID)
  bodyId!: string;
}

const ran: string[] = [];

@Resolver(() => ProbeType)
class ProbeResolver {
  @Query(() => String)
  readProbe(@Arg('bodyId', () => UuidScalar) _bodyId: string, @InBody('read') ctx: PersonContext): string {
    ran.push('readProbe');
    return `${ctx.body.slug} ${ctx.actor.personId} ${ctx.actor.roles.join(',')} ${ctx.em.schema}`;
  }

  @Mutation(() => String)
  prepareProbe(@Arg('target', () => UuidScalar) _target: string, @InBody('prepare', { arg: 'target' }) ctx: PersonContext): string {
    ran.push('prepareProbe');
    return ctx.body.slug;
  }

  @Query(() => ProbeType)
  probe(@Arg('bodyId', () => UuidScalar) bodyId: string): ProbeType {
    return Object.assign(new ProbeType(), { bodyId });
  }

  @FieldResolver(() => String)
  fromRoot(@Root() _root: ProbeType, @InBody('read', { root: 'bodyId' }) ctx: PersonContext): string {
    ran.push('fromRoot');
    return ctx.body.slug;
  }
}

const personId = '01900000-0000-7000-8000-0000000000c1';
const clock = fixedClock('2027-03-15T17:00:00Z');
let harness: TestHarness;
let schema: GraphQLSchema;
let member: Body;
let stranger: Body;
let suspended: Body;
let archived: Body;

/** Runs `source` as a caller with these roles, through a BodyScope as the app builds one per request. */
async function run(source: string, roles: Map<string, readonly ('OFFICIAL' | 'SECRETARIAT')[]>, options: { anonymous?: boolean } = {}) {
  const viewer = options.anonymous ? Viewer.anonymous : new Viewer(personId, [], roles);
  const operation: OperationKind = { type: source.trimStart().startsWith('mutation') ? 'mutation' : 'query' };
  const bodies = new BodyScope(
    harness.runtime.orm.em.fork(),
    viewer,
    latestMigration(harness.runtime.bodyMigrations),
    operation,
    harness.runtime.environment,
  );
  ran.length = 0;
  return graphql({ schema, source, contextValue: { bodies, viewer } });
}

const codeOf = (result: Awaited<ReturnType<typeof run>>) => result.errors?.[0]?.extensions?.code;

beforeAll(async () => {
  harness = await startHarness({ demo: false, clock });
  schema = await buildSchema({ resolvers: [ProbeResolver], validate: false });
  [member, stranger, suspended, archived] = await Promise.all([
    buildBody(harness),
    buildBody(harness),
    buildBody(harness),
    buildBody(harness),
  ]);
  const em = harness.runtime.orm.em.fork();
  await em.nativeUpdate(Body, { id: suspended.id }, { status: 'SUSPENDED' });
  await em.nativeUpdate(Body, { id: archived.id }, { status: 'ARCHIVED', archivedAt: new Date() });
});
afterAll(() => harness?.close());

const official = () =>
  new Map([
    [member.id, ['OFFICIAL'] as const],
    [suspended.id, ['SECRETARIAT'] as const],
    [archived.id, ['SECRETARIAT'] as const],
  ]);

describe('@InBody', () => {
  it('hands the resolver the caller’s context in the body the argument names', async () => {
    const result = await run(`{ readProbe(bodyId: "${member.id}") }`, official());
    expect(result.errors).toBeUndefined();
    expect(result.data!.readProbe).toBe(`${member.slug} ${personId} OFFICIAL body_${member.id.replaceAll('-', '')}`);
  });

  it('reads the body from another argument, or from the parent of a field', async () => {
    const secretariat = new Map([[member.id, ['SECRETARIAT'] as const]]);
    expect((await run(`mutation { prepareProbe(target: "${member.id}") }`, secretariat)).data!.prepareProbe).toBe(member.slug);
    expect((await run(`{ probe(bodyId: "${member.id}") { fromRoot } }`, secretariat)).data!.probe).toEqual({ fromRoot: member.slug });
  });

  it('fails closed: NOT_FOUND for a body the caller does not sit in, a missing permission, an id that is no body', async () => {
    for (const [source, roles] of [
      [`{ readProbe(bodyId: "${stranger.id}") }`, official()],
      [`mutation { prepareProbe(target: "${member.id}") }`, official()],
      [`{ readProbe(bodyId: "${uuidv7()}") }`, official()],
      [`{ probe(bodyId: "${stranger.id}") { fromRoot } }`, official()],
    ] as const) {
      const result = await run(source, roles);
      expect(codeOf(result), source).toBe('NOT_FOUND');
      expect(result.errors![0]!.message).toBe('Organisme introuvable.');
    }
    expect(ran).toEqual([]);
  });

  it('fails closed on the body’s status: suspended closed, archived read-only', async () => {
    expect(codeOf(await run(`{ readProbe(bodyId: "${suspended.id}") }`, official()))).toBe('BODY_UNAVAILABLE');
    expect(codeOf(await run(`mutation { prepareProbe(target: "${archived.id}") }`, official()))).toBe('BODY_READ_ONLY');
    expect(ran).toEqual([]);
    expect((await run(`{ readProbe(bodyId: "${archived.id}") }`, official())).errors).toBeUndefined();
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    const result = await run(`{ readProbe(bodyId: "${member.id}") }`, new Map(), { anonymous: true });
    expect(codeOf(result)).toBe('UNAUTHENTICATED');
    expect(ran).toEqual([]);
  });
});

describe('enterBodyAsSystem', () => {
  it('returns the same BodyContext as a request, with the system as actor and the runtime’s clock', async () => {
    const ctx = await enterBodyAsSystem(harness.runtime.orm, harness.runtime.environment, member.id, 'test-job');
    expect(ctx).toBeInstanceOf(BodyContext);
    expect(ctx!.actor).toEqual(new SystemActor('test-job'));
    expect(ctx!.body.id).toBe(member.id);
    expect(ctx!.services).toBe(harness.runtime.environment.services);
    expect(ctx!.now()).toEqual(new Date('2027-03-15T17:00:00Z'));
    // Its EntityManager is the body's schema: the body's tables answer, provisioned empty.
    expect(await ctx!.em.count(Meeting, {})).toBe(0);
    expect(ctx!.em.schema).toBe(`body_${member.id.replaceAll('-', '')}`);
  });

  it('returns null for a body that does not exist', async () => {
    expect(
      await enterBodyAsSystem(harness.runtime.orm, harness.runtime.environment, '01900000-0000-7000-8000-0000000000ff', 'test-job'),
    ).toBeNull();
  });
});
