// The import graph of server/src and web/src, checked by `npm run lint`:
// - no import circle, except the pairs of entities that reference each other (ORM relations);
// - no import from a lower layer of server/src to a higher one (see `serverLayers` and docs/architecture.md).
//
//   node scripts/architecture/imports.mjs            check (exit 1 and the offending imports on failure)
//   node scripts/architecture/imports.mjs --report   circles, pairs of folders importing each other, layer breaks
//
// Every import counts, `import type` included: a circle of types is still two files that must change together.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * server/src from bottom to top: a file may import its own layer and the layers below, never above. The
 * most specific entry a file matches (a RegExp on the path, else the longest folder or file) gives its
 * layer. Inside a layer anything goes, circles excepted.
 */
export const serverLayers = [
  {
    name: 'foundation',
    // Framework-free helpers and adapters: they know no entity of ours.
    folders: [
      'common',
      'config',
      'legal',
      'db',
      'media',
      'notify',
      'storage',
      'tenancy/schema-name.ts',
      'http/error-handler.ts',
      'jobs/job-runner.ts',
      'jobs/job-queue.ts',
    ],
  },
  {
    name: 'core',
    // The bodies and people every request starts from, the way into a body's schema, identity, the evidence
    // ledger and its timestamps, the GraphQL plumbing the resolvers use, and the module contract.
    folders: [
      'platform/bodies/body.entity.ts',
      'platform/people/person.entity.ts',
      'platform/people/membership.entity.ts',
      'tenancy',
      'auth',
      'evidence',
      'graphql/access.ts',
      'graphql/context.ts',
      'graphql/in-body.ts',
      'graphql/domain-errors.ts',
      'graphql/enums.ts',
      'graphql/scalars.ts',
      'graphql/input-guard.ts',
      'graphql/limits.ts',
      'http/signed-links.ts',
      'module',
    ],
  },
  { name: 'features', folders: ['body', 'platform', 'billing', 'acts', 'calendar'] },
  // What wires the features to the world: the module list, the schema build, Apollo, Express, the commands.
  {
    name: 'edge',
    folders: [/-command\.ts$/, 'db/database-command.ts', 'graphql', 'http', 'demo', 'modules.ts', 'app.ts', 'runtime.ts', 'main.ts'],
  },
];

/** Pairs of entities that reference each other (a MikroORM relation needs both sides): allowed circles. */
export const ormRelationPairs = [['body/assemblies/assembly.entity.ts', 'body/meetings/meeting.entity.ts']];

/** Code generated from the schema (web/src/graphql/generated/) imports nothing of ours: left out. */
function sourceFiles(directory) {
  const files = [];
  for (const name of readdirSync(directory)) {
    if (name === 'generated') continue;
    const full = path.join(directory, name);
    if (statSync(full).isDirectory()) files.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

function resolveImport(fromFile, specifier, known) {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), specifier).replace(/\.(m?js|jsx)$/, '');
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (known.has(candidate)) return candidate;
  }
  return null;
}

/** `{ file → files it imports }`, paths relative to `sourceRoot`. */
export function importGraph(sourceRoot) {
  const absolute = path.resolve(root, sourceRoot);
  const files = sourceFiles(absolute);
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set();
    for (const { fileName } of importedFiles) {
      const target = resolveImport(file, fileName, known);
      if (target && target !== file) targets.add(path.relative(absolute, target));
    }
    graph.set(path.relative(absolute, file), [...targets].sort());
  }
  return graph;
}

/** Strongly connected components of more than one file (Tarjan): each is one or more import circles. */
export function circles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  let next = 0;
  const visit = (file) => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file), low.get(target)));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file), index.get(target)));
      }
    }
    if (low.get(file) === index.get(file)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return components;
}

function isAllowedCircle(component) {
  return component.length === 2 && ormRelationPairs.some((pair) => pair.every((file) => component.includes(file)));
}

/** Pairs of folders (the directory of each file) in which each imports the other. */
export function folderPairs(graph) {
  const edges = new Set();
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const [from, to] = [path.dirname(file), path.dirname(target)];
      if (from !== to) edges.add(`${from}\u0000${to}`);
    }
  }
  const pairs = [];
  for (const edge of edges) {
    const [from, to] = edge.split('\u0000');
    if (from < to && edges.has(`${to}\u0000${from}`)) pairs.push([from, to]);
  }
  return pairs.sort();
}

function layerOf(file) {
  let found = null;
  let specificity = -1;
  serverLayers.forEach(({ folders }, level) => {
    for (const folder of folders) {
      const matches = folder instanceof RegExp ? folder.test(file) : file === folder || file.startsWith(`${folder}/`);
      const weight = folder instanceof RegExp ? Infinity : folder.length;
      if (matches && weight > specificity) [found, specificity] = [level, weight];
    }
  });
  return found;
}

/** Imports from a file to a file of a higher layer, and files that belong to no layer. */
export function layerBreaks(graph) {
  const breaks = [];
  for (const [file, targets] of graph) {
    const from = layerOf(file);
    if (from === null) {
      breaks.push({ file, problem: 'belongs to no layer (add its folder to serverLayers)' });
      continue;
    }
    for (const target of targets) {
      const to = layerOf(target);
      if (to !== null && to > from)
        breaks.push({ file, problem: `${serverLayers[from].name} imports ${serverLayers[to].name}: ${target}` });
    }
  }
  return breaks;
}

function main() {
  const report = process.argv.includes('--report');
  const server = importGraph('server/src');
  const web = importGraph('web/src');
  let failed = false;
  for (const [name, graph] of [
    ['server/src', server],
    ['web/src', web],
  ]) {
    const found = circles(graph);
    const forbidden = found.filter((component) => !isAllowedCircle(component));
    const pairs = folderPairs(graph);
    if (report) {
      console.log(
        `${name}: ${graph.size} files, ${found.length} import circle(s) (${forbidden.length} not allowed), ${pairs.length} pair(s) of folders importing each other`,
      );
      for (const component of found)
        console.log(`  circle${isAllowedCircle(component) ? ' (ORM relation, allowed)' : ''}: ${component.join(' ↔ ')}`);
      for (const [a, b] of pairs) console.log(`  folders: ${a} ↔ ${b}`);
    }
    for (const component of forbidden) {
      failed = true;
      if (!report) console.error(`${name}: import circle ${component.join(' ↔ ')}`);
    }
  }
  const breaks = layerBreaks(server);
  if (report) console.log(`server/src layers: ${breaks.length} break(s)`);
  for (const { file, problem } of breaks) {
    failed = true;
    console.error(`server/src/${file}: ${problem}`);
  }
  if (failed && !report) {
    console.error('Import check failed: see docs/architecture.md (« Layers and modules »).');
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
