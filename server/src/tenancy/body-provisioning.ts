import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { BadUserInputError } from '../common/errors.js';
import { uuidv7 } from '../common/ids.js';
import { isTimeZone } from '../common/time.js';
import { Body, bodyKinds } from '../platform/bodies/body.entity.js';
import { latestMigration, migrateSchema, type Migration } from './schema-migrator.js';
import { bodySchemaName } from './schema-name.js';

export const bodyDeclarationSchema = z.object({
  slug: z
    .string()
    .max(63)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lettres minuscules, chiffres et tirets uniquement'),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(bodyKinds),
  population: z.number().int().min(0).nullable().default(null),
  timeZone: z.string().refine(isTimeZone, 'fuseau horaire IANA inconnu').default('Europe/Paris'),
});
export type BodyDeclaration = z.input<typeof bodyDeclarationSchema>;

export interface ProvisioningResult {
  body: Body;
  created: boolean;
  /** Body-schema migrations applied by this call (all of them for a new body). */
  applied: string[];
}

/**
 * Creates a body: its platform row, its schema and the body migrations, in one transaction, so a failure
 * at any step leaves nothing behind — inside the caller's transaction when `em` runs one. Idempotent on
 * the slug: provisioning an existing body only brings its schema up to date.
 */
export async function provisionBody(
  em: EntityManager,
  declaration: BodyDeclaration,
  bodyMigrations: readonly Migration[],
): Promise<ProvisioningResult> {
  const parsed = bodyDeclarationSchema.safeParse(declaration);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BadUserInputError(`Organisme invalide : ${issue.path.join('.')} — ${issue.message}.`, {
      field: issue.path.join('.'),
    });
  }
  const input = parsed.data;
  return em.fork({ keepTransactionContext: true }).transactional(async (tx) => {
    await tx.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`cartable:provision:${input.slug}`]);
    const existing = await tx.findOne(Body, { slug: input.slug });
    const body =
      existing ??
      tx.create(Body, {
        id: uuidv7(),
        ...input,
        schemaName: '',
        status: 'PROVISIONING',
        schemaVersion: null,
        // A new body has no meeting yet: nothing for the inbox index to catch up on.
        inboxIndexedAt: new Date(),
      });
    if (!existing) {
      body.schemaName = bodySchemaName(body.id);
      await tx.flush();
    }
    const applied = await migrateSchema(tx, body.schemaName, bodyMigrations, { distributed: true });
    body.schemaVersion = latestMigration(bodyMigrations);
    if (body.status === 'PROVISIONING') body.status = 'ACTIVE';
    await tx.flush();
    return { body, created: !existing, applied };
  });
}
