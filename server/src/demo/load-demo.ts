import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { Assembly, assemblyKinds } from '../body/assemblies/assembly.entity.js';
import { Meeting } from '../body/meetings/meeting.entity.js';
import { uuidv7 } from '../common/ids.js';
import { addDays, zonedDate, zonedDateTime } from '../common/time.js';
import { Body } from '../platform/bodies/body.entity.js';
import { Membership, membershipRoles } from '../platform/people/membership.entity.js';
import { Person, platformRoles } from '../platform/people/person.entity.js';
import { bodyDeclarationSchema, provisionBody } from '../tenancy/body-provisioning.js';
import type { Migration } from '../tenancy/schema-migrator.js';
import { bodySchemaName } from '../tenancy/schema-name.js';

export const demoDirectory = fileURLToPath(new URL('../../../tenants/demo/', import.meta.url));

const demoBodySchema = bodyDeclarationSchema.extend({
  assemblies: z.array(z.object({ kind: z.enum(assemblyKinds), name: z.string() })),
  meetings: z.array(
    z.object({
      assembly: z.string(),
      title: z.string(),
      inDays: z.number().int(),
      localTime: z.string().regex(/^\d{2}:\d{2}$/),
      place: z.string(),
    }),
  ),
});

const demoPeopleSchema = z.array(
  z.object({
    email: z.email(),
    displayName: z.string(),
    platformRoles: z.array(z.enum(platformRoles)),
    memberships: z.array(
      z.object({
        body: z.string(),
        roles: z.array(z.enum(membershipRoles)).min(1),
        mandateStart: z.iso.date().optional(),
      }),
    ),
  }),
);

export interface DemoReport {
  bodies: string[];
  people: number;
}

/**
 * Provisions the groupement of the source documents from `tenants/demo/`: idempotent, so every
 * `npm start` can run it. Meetings are placed relative to today, so the demo always has upcoming ones.
 */
export async function loadDemoData(em: EntityManager, bodyMigrations: readonly Migration[]): Promise<DemoReport> {
  const files = (await readdir(path.join(demoDirectory, 'bodies'))).filter((file) => file.endsWith('.json')).sort();
  const slugs: string[] = [];
  for (const file of files) {
    const declaration = demoBodySchema.parse(JSON.parse(await readFile(path.join(demoDirectory, 'bodies', file), 'utf8')));
    const { body, created } = await provisionBody(em, declaration, bodyMigrations);
    if (created) await seedBodyContent(em, body, declaration);
    slugs.push(body.slug);
  }
  const people = demoPeopleSchema.parse(JSON.parse(await readFile(path.join(demoDirectory, 'people.json'), 'utf8')));
  await em.fork().transactional(async (tx) => {
    for (const entry of people) {
      const person =
        (await tx.findOne(Person, { email: { $ilike: entry.email } })) ??
        tx.create(Person, {
          id: uuidv7(),
          email: entry.email,
          emailVerified: true,
          displayName: entry.displayName,
          subject: null,
          platformRoles: entry.platformRoles,
        });
      for (const seat of entry.memberships) {
        const body = await tx.findOneOrFail(Body, { slug: seat.body });
        const existing = await tx.findOne(Membership, { person: person.id, body: body.id });
        if (!existing) {
          tx.create(Membership, {
            id: uuidv7(),
            person,
            body,
            roles: seat.roles,
            mandateStart: seat.mandateStart ?? null,
            mandateEnd: null,
          });
        }
      }
    }
  });
  return { bodies: slugs, people: people.length };
}

async function seedBodyContent(em: EntityManager, body: Body, declaration: z.infer<typeof demoBodySchema>) {
  await em.fork({ schema: bodySchemaName(body.id) }).transactional(async (tx) => {
    const assemblies = new Map(
      declaration.assemblies.map((entry) => [entry.name, tx.create(Assembly, { id: uuidv7(), ...entry })]),
    );
    const today = zonedDate(new Date(), body.timeZone);
    for (const entry of declaration.meetings) {
      tx.create(Meeting, {
        id: uuidv7(),
        assembly: assemblies.get(entry.assembly)!,
        title: entry.title,
        startsAt: zonedDateTime(addDays(today, entry.inDays), entry.localTime, body.timeZone),
        place: entry.place,
        status: 'DRAFT',
      });
    }
  });
}
