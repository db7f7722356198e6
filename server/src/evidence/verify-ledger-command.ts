import { runDatabaseCommand } from '../db/database-command.js';
import { Body } from '../platform/bodies/body.entity.js';
import { bodySchemaName } from '../tenancy/schema-name.js';
import { verifyLedger } from './ledger.js';

/**
 * `npm run ledger:verify [-- <slug> …]`: recomputes the hash chain of each body's evidence ledger (all
 * bodies by default) and exits 1 when any entry was altered, removed or reordered.
 */
await runDatabaseCommand(async (orm) => {
  let exitCode = 0;
  const slugs = process.argv.slice(2);
  const bodies = await orm.em.fork().find(Body, slugs.length ? { slug: { $in: slugs } } : {}, { orderBy: { slug: 'asc' } });
  if (slugs.length && bodies.length !== slugs.length) {
    console.error(`unknown body: ${slugs.filter((slug) => !bodies.some((body) => body.slug === slug)).join(', ')}`);
    exitCode = 1;
  }
  for (const body of bodies) {
    const result = await verifyLedger(orm.em.fork({ schema: bodySchemaName(body.id) }), body.id);
    if (result.ok) {
      console.log(`ok       ${body.slug}: ${result.entries} entries, head ${result.head}`);
    } else {
      exitCode = 1;
      console.log(`BROKEN   ${body.slug}: entry ${result.firstBroken!.sequence} — ${result.firstBroken!.reason} (${result.entries} entries hold before it)`);
    }
  }
  return exitCode;
});
