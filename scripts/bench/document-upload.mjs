#!/usr/bin/env node
// @ts-check
// A large document uploaded in parts to the local storage, as the console sends it, over loopback HTTP:
// `requestDocumentUpload`, part URLs 4 at a time, parts PUT 2 in parallel (streamed from disk), then
// `completeDocumentUpload` — the parts joined, the file verified (SHA-256, PDF parse, thumbnail).
//
//   npm run build && node_modules/.bin/node scripts/bench/document-upload.mjs [--megabytes 100] [--timeout 600]
//   (--megabytes above the part size, 8 MiB by default: a smaller file goes up in one PUT, not measured here)
//
// The app runs in process (createRuntime, demo data, the app listening on a free loopback port, default
// part size of 8 MiB) on its own embedded PostgreSQL, or a new database on DATABASE_URL.
import 'reflect-metadata';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createLogger } from '../../server/dist/common/logger.js';
import { loadConfig } from '../../server/dist/config/env.js';
import { createRuntime } from '../../server/dist/runtime.js';
import { loadDemoData } from '../../server/dist/demo/load-demo.js';
import { writeLargePdf } from '../../server/test/media/pdf-fixtures.ts';
import { freePort, machineInfo, makeTempDir, onCleanup, parseBenchArgs, round, runBench, startBenchDatabase } from './lib.mjs';

const args = parseBenchArgs({ timeoutSeconds: 600, extra: { megabytes: 100 } });
const pageBytes = 700 * 1024;

/** PUTs bytes `start`..`end` (inclusive) of a file, streamed, over a fresh loopback connection. */
async function putPart(url, file, start, end) {
  const put = request(url, { method: 'PUT', agent: false, headers: { 'content-length': end - start + 1 } });
  const answer = once(put, 'response');
  await pipeline(createReadStream(file, { start, end }), put);
  const [response] = await answer;
  response.resume();
  if (response.statusCode !== 200) throw new Error(`part refused: HTTP ${response.statusCode}`);
}

await runBench('document-upload', args.timeoutSeconds, async () => {
  const database = await startBenchDatabase({ label: 'upload', disposable: args.disposable });
  const dataDir = await makeTempDir('upload-app');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    CARTABLE_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    PUBLIC_URL: origin,
    JOBS_CONCURRENCY: '0',
  });
  const runtime = await createRuntime(config, createLogger('warn'), database.url);
  onCleanup(() => runtime.stop(), 20_000);
  await loadDemoData(runtime.orm.em.fork(), runtime.bodyMigrations);
  const server = runtime.app.listen(port, '127.0.0.1');
  await once(server, 'listening');
  onCleanup(() => new Promise((resolve) => server.close(resolve)));

  const tokenAnswer = await fetch(`${origin}/realms/cartable/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: 'cartable-cli', username: 'secretariat.ville', password: 'demo' }),
  });
  const { access_token: token } = await tokenAnswer.json();
  const graphql = async (query, variables) => {
    const answer = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const { data, errors } = await answer.json();
    if (errors) throw new Error(JSON.stringify(errors));
    return data;
  };
  const { body } = await graphql('{ body(slug: "ville-besancon") { id assemblies { id } } }', {});
  const { createMeeting } = await graphql(
    'mutation ($bodyId: UUID!, $input: MeetingInput!) { createMeeting(bodyId: $bodyId, input: $input) { id } }',
    {
      bodyId: body.id,
      input: {
        assemblyId: body.assemblies[0].id,
        title: 'Séance de mesure',
        startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    },
  );

  const file = path.join(await makeTempDir('upload-file'), 'annexes.pdf');
  writeLargePdf(file, { pages: Math.ceil((args.extra.megabytes * 1_048_576) / pageBytes), imageBytes: pageBytes });
  const { size } = await stat(file);
  console.log(`document-upload benchmark — ${(size / 1_048_576).toFixed(1)} MB PDF, local storage, ${database.mode}`);

  const started = performance.now();
  const { requestDocumentUpload: ticket } = await graphql(
    'mutation ($bodyId: UUID!, $input: DocumentUploadInput!) { requestDocumentUpload(bodyId: $bodyId, input: $input) { uploadId parts { partSize partCount } } }',
    {
      bodyId: body.id,
      input: {
        meetingId: createMeeting.id,
        kind: 'ANNEXE',
        title: 'Annexes',
        fileName: 'annexes.pdf',
        contentType: 'application/pdf',
        sizeBytes: size,
      },
    },
  );
  if (!ticket.parts)
    throw new Error(
      `a ${(size / 1_048_576).toFixed(1)} MB file goes up in one PUT, not in parts: pass --megabytes above the part size (8 MiB by default)`,
    );
  const { partSize, partCount } = ticket.parts;
  const numbers = Array.from({ length: partCount }, (_, index) => index + 1);
  for (let first = 0; first < partCount; first += 4) {
    const { requestDocumentUploadParts: urls } = await graphql(
      'mutation ($bodyId: UUID!, $uploadId: UUID!, $partNumbers: [Int!]!) { requestDocumentUploadParts(bodyId: $bodyId, uploadId: $uploadId, partNumbers: $partNumbers) { partNumber url sizeBytes } }',
      { bodyId: body.id, uploadId: ticket.uploadId, partNumbers: numbers.slice(first, first + 4) },
    );
    for (let pair = 0; pair < urls.length; pair += 2) {
      await Promise.all(
        urls.slice(pair, pair + 2).map((part) => {
          const start = (part.partNumber - 1) * partSize;
          return putPart(part.url, file, start, start + part.sizeBytes - 1);
        }),
      );
    }
  }
  const uploaded = performance.now();
  await graphql('mutation ($bodyId: UUID!, $uploadId: UUID!) { completeDocumentUpload(bodyId: $bodyId, uploadId: $uploadId) }', {
    bodyId: body.id,
    uploadId: ticket.uploadId,
  });
  const completed = performance.now();

  const figures = {
    megabytes: round(size / 1_048_576),
    partSizeMiB: partSize / 1_048_576,
    parts: partCount,
    uploadMs: round(uploaded - started, 0),
    uploadMegabytesPerSecond: round(size / 1_048_576 / ((uploaded - started) / 1000)),
    completeMs: round(completed - uploaded, 0),
    machine: machineInfo(),
  };
  console.log(
    `upload: ${figures.parts} parts of ${figures.partSizeMiB} MiB in ${figures.uploadMs} ms (${figures.uploadMegabytesPerSecond} MB/s)`,
  );
  console.log(`completion (parts joined, SHA-256, PDF parse, thumbnail): ${figures.completeMs} ms`);
  return figures;
});
