#!/usr/bin/env node
// @ts-check
// RFC 3161 timestamps with the embedded TSA (server/src/evidence/timestamping): creating and reloading its
// PKI, signing a token, obtaining one (request, signature, full verification), verifying a stored one,
// the same over HTTP through its router on loopback, and `openssl ts -verify` as a child process.
//
//   npm run build && node_modules/.bin/node scripts/bench/timestamps.mjs [--count 500] [--timeout 300]
//
// No database. Tokens are taken one after the other (no concurrency), as a send takes them.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { formatStats, machineInfo, makeTempDir, onCleanup, parseBenchArgs, round, runBench, summarize } from './lib.mjs';

const { count, timeoutSeconds } = parseBenchArgs({ count: 500, timeoutSeconds: 300 });
const opensslRuns = Math.min(count, 50);
const run = promisify(execFile);

/** ms taken by each of `times` sequential calls of `action` (after one warm-up call). */
async function timeEach(times, action) {
  await action(-1);
  const samples = [];
  for (let index = 0; index < times; index++) {
    const start = performance.now();
    await action(index);
    samples.push(performance.now() - start);
  }
  return summarize(samples, 2);
}

await runBench('timestamps', timeoutSeconds, async () => {
  const express = (await import('express')).default;
  const tsa = await import('../../server/dist/evidence/timestamping/timestamp-authority.js');
  const { timestampRequest } = await import('../../server/dist/evidence/timestamping/tsp.js');
  const work = await makeTempDir('timestamps');
  const digests = Array.from({ length: count }, () => createHash('sha256').update(randomBytes(32)).digest());

  const pkiDirs = [];
  const created = await timeEach(5, async () => {
    const dataDir = await makeTempDir('timestamps-pki');
    pkiDirs.push(dataDir);
    await tsa.createEmbeddedTimestampAuthority({ dataDir });
  });
  console.log(`PKI created (first start): ${formatStats(created)}`);
  const reloaded = await timeEach(5, () => tsa.createEmbeddedTimestampAuthority({ dataDir: pkiDirs[0] }));
  console.log(`PKI loaded (restart):      ${formatStats(reloaded)}`);

  const authority = await tsa.createEmbeddedTimestampAuthority({ dataDir: pkiDirs[0] });
  const chain = await authority.certificateChainPem();
  const [tsaPem, rootPem] = chain.split(/(?<=-----END CERTIFICATE-----\n)/);

  const queries = digests.map((digest) => timestampRequest(digest).der);
  const signed = await timeEach(count, (index) => authority.respond(queries[Math.max(index, 0)]));
  console.log(`respond() (sign a token):  ${formatStats(signed)}`);

  const tokens = [];
  const obtained = await timeEach(count, async (index) => {
    const token = await authority.timestamp(digests[Math.max(index, 0)]);
    if (index >= 0) tokens.push(token);
  });
  console.log(`timestamp() (+ verify):    ${formatStats(obtained)}`);
  const sizes = summarize(
    tokens.map((token) => token.response.length),
    0,
  );

  const verified = await timeEach(count, (index) =>
    tsa.verifyTimestampToken(tokens[Math.max(index, 0)].response, digests[Math.max(index, 0)], rootPem),
  );
  console.log(`verifyTimestampToken():    ${formatStats(verified)}`);

  const app = express();
  app.use('/tsa', tsa.createTsaRouter(authority));
  const server = createServer(app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  onCleanup(() => new Promise((resolve) => server.close(resolve)));
  const client = tsa.createHttpTimestampAuthority({
    url: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/tsa`,
    caCertificatesPem: rootPem,
  });
  const overHttp = await timeEach(count, (index) => client.timestamp(digests[Math.max(index, 0)]));
  console.log(`over HTTP (loopback):      ${formatStats(overHttp)}`);

  await writeFile(path.join(work, 'root.pem'), rootPem);
  await writeFile(path.join(work, 'tsa.pem'), tsaPem);
  await Promise.all(tokens.slice(0, opensslRuns).map((token, index) => writeFile(path.join(work, `${index}.tsr`), token.response)));
  const opensslVersion = (await run('openssl', ['version'])).stdout.trim();
  const byOpenssl = await timeEach(opensslRuns, async (index) => {
    const at = Math.max(index, 0);
    const args = [
      'ts',
      '-verify',
      '-digest',
      digests[at].toString('hex'),
      '-in',
      `${at}.tsr`,
      '-CAfile',
      'root.pem',
      '-untrusted',
      'tsa.pem',
    ];
    const { stdout } = await run('openssl', args, { cwd: work });
    if (!stdout.includes('Verification: OK')) throw new Error(`openssl refused token ${at}: ${stdout}`);
  });
  console.log(`openssl ts -verify:        ${formatStats(byOpenssl)} (${opensslVersion})`);
  console.log(`token size (DER TimeStampResp with the TSA certificate): ${sizes.min}–${sizes.max} bytes`);

  return {
    count,
    pkiCreateMs: created,
    pkiLoadMs: reloaded,
    respondMs: signed,
    timestampMs: obtained,
    verifyMs: verified,
    httpTimestampMs: overHttp,
    opensslVerifyMs: byOpenssl,
    opensslVersion,
    tokenBytes: { min: sizes.min, max: sizes.max },
    tokensPerSecond: round(1000 / obtained.mean, 1),
    machine: machineInfo(),
  };
});
