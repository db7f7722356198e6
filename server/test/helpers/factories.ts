import { randomUUID } from 'node:crypto';
import { loadOrCreateSigningKey } from '../../src/auth/embedded-provider/signing-key.js';
import { uuidv7 } from '../../src/common/ids.js';
import type { Body } from '../../src/platform/bodies/body.entity.js';
import { Membership, type MembershipRole } from '../../src/platform/people/membership.entity.js';
import { Person, type PlatformRole } from '../../src/platform/people/person.entity.js';
import { provisionBody, type BodyDeclaration } from '../../src/tenancy/body-provisioning.js';
import { forgeAccessToken } from './access-token.js';
import type { TestHarness } from './harness.js';

/**
 * Test-data factories, as Outline's `buildUser`: each call builds one row whose every field has a default
 * of its own (unique where the database wants it unique), so a test states only what it is about and
 * leans on no demo name. Rows are made as the app makes them: a body through `provisionBody` (its schema
 * and migrations), people and seats as platform rows.
 */
const unique = () => randomUUID().slice(0, 8);

/** A body of the groupement, provisioned (schema migrated), active. */
export async function buildBody(harness: TestHarness, overrides: Partial<BodyDeclaration> = {}): Promise<Body> {
  const suffix = unique();
  const { body } = await provisionBody(
    harness.runtime.orm.em.fork(),
    { slug: `commune-${suffix}`, name: `Commune ${suffix}`, kind: 'COMMUNE', population: 1200, timeZone: 'Europe/Paris', ...overrides },
    harness.runtime.bodyMigrations,
  );
  return body;
}

export interface PersonOverrides {
  email?: string;
  displayName?: string;
  /** The identity provider's subject; null for a person who never logged in. */
  subject?: string | null;
  platformRoles?: PlatformRole[];
}

/** A person who has logged in once (a subject bound), with no seat and no platform role. */
export async function buildPerson(harness: TestHarness, overrides: PersonOverrides = {}): Promise<Person> {
  const suffix = unique();
  const em = harness.runtime.orm.em.fork();
  const person = em.create(Person, {
    id: uuidv7(),
    email: `personne.${suffix}@exemple.fr`,
    emailVerified: true,
    displayName: `Personne ${suffix}`,
    subject: randomUUID(),
    platformRoles: [],
    ...overrides,
  });
  await em.flush();
  return person;
}

/** A seat of `person` in `body`, as an official by default, with an open-ended mandate. */
export async function buildMembership(
  harness: TestHarness,
  person: Person,
  body: Body,
  overrides: { roles?: MembershipRole[]; mandateStart?: string | null; mandateEnd?: string | null } = {},
): Promise<Membership> {
  const em = harness.runtime.orm.em.fork();
  const membership = em.create(Membership, {
    id: uuidv7(),
    person: person.id,
    body: body.id,
    roles: ['OFFICIAL'],
    mandateStart: null,
    mandateEnd: null,
    ...overrides,
  });
  await em.flush();
  return membership;
}

/** An access token of the embedded provider for `person` (who must have a subject), as after a login. */
export async function tokenFor(harness: TestHarness, person: Person): Promise<string> {
  if (!person.subject) throw new Error(`${person.email} never logged in: give them a subject`);
  const key = await loadOrCreateSigningKey(harness.dataDir);
  return forgeAccessToken(key, {
    sub: person.subject,
    email: person.email,
    email_verified: person.emailVerified,
    name: person.displayName,
  });
}
