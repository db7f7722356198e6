import { p } from '@mikro-orm/postgresql';

/** `created_at` / `updated_at`, maintained by the ORM on every entity of both schemas. */
export const timestampProperties = {
  createdAt: p.datetime().onCreate(() => new Date()),
  updatedAt: p
    .datetime()
    .onCreate(() => new Date())
    .onUpdate(() => new Date()),
};
