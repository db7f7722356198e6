import { runDatabaseCommand } from '../db/database-command.js';
import { Body } from '../platform/bodies/body.entity.js';
import { bodySchemaName } from '../tenancy/schema-name.js';
import { verifyLedger } from './ledger.js';
import { verifyAnchors } from './anchor-verification.js';
import { storedManifest } from '../body/convocations/manifest-anchoring.js';
import { createEmbeddedTimestampAuthority } from './timestamping/timestamp-authority.js';
import { readFile } from 'node:fs/promises';

/**
 * `npm run ledger:verify [-- <slug> …]`: recomputes the hash chain of each body's evidence ledger (all
 * bodies by default), checks every RFC 3161 timestamp against what is stored now, and exits 1 when any
 * entry was altered, removed, reordered or rewritten after it was timestamped.
 */
await runDatabaseCommand(async (orm, config) => {
  if (config.TSA_URL && !config.TSA_CA_CERTS_FILE) {
    console.error('TSA_CA_CERTS_FILE is needed to verify the timestamps of TSA_URL');
    return 1;
  }
  const trustedPem = config.TSA_CA_CERTS_FILE
    ? await readFile(config.TSA_CA_CERTS_FILE, 'utf8')
    : await (await createEmbeddedTimestampAuthority({ dataDir: config.dataDir })).certificateChainPem();
  let exitCode = 0;
  const slugs = process.argv.slice(2);
  const bodies = await orm.em.fork().find(Body, slugs.length ? { slug: { $in: slugs } } : {}, { orderBy: { slug: 'asc' } });
  if (slugs.length && bodies.length !== slugs.length) {
    console.error(`unknown body: ${slugs.filter((slug) => !bodies.some((body) => body.slug === slug)).join(', ')}`);
    exitCode = 1;
  }
  for (const body of bodies) {
    const em = orm.em.fork({ schema: bodySchemaName(body.id) });
    const result = await verifyLedger(em, body.id);
    const anchors = await verifyAnchors(em.fork(), trustedPem, storedManifest);
    if (result.ok && anchors.problems.length === 0) {
      console.log(`ok       ${body.slug}: ${result.entries} entries, head ${result.head}, ${anchors.anchors} timestamps`);
      continue;
    }
    exitCode = 1;
    if (!result.ok)
      console.log(
        `BROKEN   ${body.slug}: entry ${result.firstBroken!.sequence} — ${result.firstBroken!.reason} (${result.entries} entries hold before it)`,
      );
    for (const problem of anchors.problems)
      console.log(`BROKEN   ${body.slug}: ${problem.kind} timestamp ${problem.anchorId} — ${problem.reason}: ${problem.detail}`);
  }
  return exitCode;
});
