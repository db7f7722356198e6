import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { fieldsWithoutAccessDecision } from './access.js';
import { resolvers } from '../modules.js';
import { buildCartableSchema } from './build-schema.js';

/**
 * `npm run schema:emit` writes the public contract to schema/schema.graphql; `npm run schema:check`
 * fails when that file differs from the code, or when a field has no access decision.
 */
const schemaFile = fileURLToPath(new URL('../../../schema/schema.graphql', import.meta.url));
const header = '# Cartable GraphQL API — generated from the server code by `npm run schema:emit`. Do not edit.\n\n';

const schema = await buildCartableSchema(resolvers);
const sdl = header + printSchema(lexicographicSortSchema(schema)) + '\n';
const undecided = fieldsWithoutAccessDecision(schema);
if (undecided.length > 0) {
  console.error(`Fields without an access decision: ${undecided.join(', ')}`);
  process.exit(1);
}
if (process.argv.includes('--check')) {
  const committed = await readFile(schemaFile, 'utf8').catch(() => '');
  if (committed !== sdl) {
    console.error('schema/schema.graphql is out of date: run `npm run schema:emit` and commit the result.');
    process.exit(1);
  }
  console.log('schema/schema.graphql matches the code; every field has an access decision.');
} else {
  await writeFile(schemaFile, sdl);
  console.log(`wrote ${schemaFile}`);
}
