import type { EntityManager } from '@mikro-orm/postgresql';
import type { MembershipRole } from '../../src/auth/viewer.js';
import type { Body } from '../../src/platform/bodies/body.entity.js';
import type { PersonContext, SystemContext } from '../../src/tenancy/body-context.js';
import { bodySchemaName } from '../../src/tenancy/schema-name.js';
import { onBehalfOf, systemContext } from '../../src/tenancy/system-scope.js';
import type { TestHarness } from './harness.js';

const bodyEm = (harness: TestHarness, body: Body) => harness.runtime.orm.em.fork({ schema: bodySchemaName(body.id) });

/** The system's context in a body, on a fresh unit of work (or `em`), as a job gets it. */
export function systemContextIn(harness: TestHarness, body: Body, em: EntityManager = bodyEm(harness, body)): SystemContext {
  return systemContext(harness.runtime.environment, { body, em, platformEm: harness.runtime.orm.em.fork() }, 'test');
}

/**
 * A person's context in a body with the given roles, for tests that call a service directly (the
 * permission checks are the resolvers', tested through GraphQL).
 */
export function personContextIn(
  harness: TestHarness,
  body: Body,
  personId: string,
  roles: readonly MembershipRole[] = ['SECRETARIAT'],
  em: EntityManager = bodyEm(harness, body),
): PersonContext {
  return onBehalfOf(systemContextIn(harness, body, em), personId, roles);
}
