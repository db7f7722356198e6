import { defineEntity, p } from '@mikro-orm/postgresql';
import { timestampProperties } from '../../db/timestamps.js';
import { bodyKinds } from '../../legal/kinds.js';

export { bodyKinds, type BodyKind } from '../../legal/kinds.js';

/** PROVISIONING only exists inside the provisioning transaction; ARCHIVED bodies are read-only. */
export const bodyStatuses = ['PROVISIONING', 'ACTIVE', 'SUSPENDED', 'ARCHIVED'] as const;
export type BodyStatus = (typeof bodyStatuses)[number];

/** A public body (tenant). Its data lives in its own schema, named after its immutable id. */
const BodySchema = defineEntity({
  name: 'Body',
  schema: 'platform',
  tableName: 'body',
  properties: {
    id: p.uuid().primary(),
    slug: p.string().unique(),
    name: p.string(),
    kind: p.enum(bodyKinds),
    population: p.integer().nullable(),
    timeZone: p.string(),
    schemaName: p.string().unique(),
    status: p.enum(bodyStatuses),
    /** Name of the last body-schema migration applied to this body's schema. */
    schemaVersion: p.string().nullable(),
    /** Storage key of the logo (WebP, made by the image pipeline), if any. */
    logoKey: p.string().nullable(),
    /** When the body was archived (read-only from then on; it stops sharing costs the month after). */
    archivedAt: p.datetime().nullable(),
    /** What Chorus Pro needs of the body as a buyer: its SIRET, its service code, its engagement number. */
    siret: p.string().nullable(),
    chorusServiceCode: p.string().nullable(),
    engagementRequired: p.boolean().default(false),
    engagementNumber: p.string().nullable(),
    /** The display name of the body's emails (null: the default of `mailIdentity`) and the Reply-To its secretariat sets. */
    mailSenderName: p.string().nullable(),
    mailReplyTo: p.string().nullable(),
    /** When the meetings the body had before the inbox index were indexed (platform migration 0021); null: not yet. */
    inboxIndexedAt: p.datetime().nullable(),
    ...timestampProperties,
  },
});

export class Body extends BodySchema.class {}
BodySchema.setClass(Body);
