import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEmbeddedTimestampAuthority,
  TimestampErrorCode,
  verifyTimestampToken,
  type EmbeddedTimestampAuthority,
  type TimestampToken,
} from '../../src/evidence/timestamping/timestamp-authority.js';
import { openssl } from '../helpers/openssl.js';

const policy = '1.3.6.1.4.1.32473.3161.1';
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const pemBlocks = (pem: string) => pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n/g) ?? [];

let work: string;
let authority: EmbeddedTimestampAuthority;
let chainPem: string;
let rootPem: string;
/** Paths of the files handed to openssl. */
const file = (name: string) => path.join(work, name);

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'cartable-tsa-'));
  authority = await createEmbeddedTimestampAuthority({ dataDir: path.join(work, 'data') });
  chainPem = await authority.certificateChainPem();
  const [tsaPem, root] = pemBlocks(chainPem);
  rootPem = root!;
  await writeFile(file('tsa.pem'), tsaPem!);
  await writeFile(file('root.pem'), rootPem);
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** A token over `digest`, written to `<name>.tsr` for openssl. */
async function stamp(name: string, digest: Buffer): Promise<TimestampToken> {
  const token = await authority.timestamp(digest);
  await writeFile(file(`${name}.tsr`), token.response);
  return token;
}

const opensslVerify = (tsr: string, how: string[], caFile = 'root.pem') =>
  openssl(['ts', '-verify', ...how, '-in', tsr, '-CAfile', caFile, '-untrusted', 'tsa.pem'], work);

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('the token was accepted'),
    (error: { code?: string; retryable?: boolean }) => error,
  );

describe('embedded TSA tokens', () => {
  it('verify with verifyTimestampToken and with openssl ts -verify -digest', async () => {
    const digest = sha256(randomBytes(64));
    const before = Date.now();
    const token = await stamp('token', digest);

    expect(token.policy).toBe(policy);
    expect(token.serialNumber).toMatch(/^[4-7][0-9a-f]{31}$/);
    expect(token.genTime.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(token.genTime.getTime()).toBeLessThanOrEqual(Date.now());
    await expect(verifyTimestampToken(token.response, digest, rootPem)).resolves.toEqual({
      genTime: token.genTime,
      serialNumber: token.serialNumber,
    });

    const verified = await opensslVerify('token.tsr', ['-digest', digest.toString('hex')]);
    expect(verified.stdout + verified.stderr).toContain('Verification: OK');
    expect(verified.code).toBe(0);
  });

  it('verify with openssl ts -verify -data against the stamped file', async () => {
    const content = `Convocation du conseil municipal — ${randomBytes(8).toString('hex')}\n`;
    await writeFile(file('convocation.txt'), content);
    await stamp('data', sha256(content));
    const verified = await opensslVerify('data.tsr', ['-data', 'convocation.txt']);
    expect(verified.stdout).toContain('Verification: OK');
    expect(verified.code).toBe(0);
  });

  it('show the fields RFC 3161 asks for when openssl prints them', async () => {
    const token = await stamp('fields', sha256('fields'));
    const printed = await openssl(['ts', '-reply', '-in', 'fields.tsr', '-text'], work);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('Status: Granted.');
    expect(printed.stdout).toContain('Version: 1');
    expect(printed.stdout).toContain(`Policy OID: ${policy}`);
    expect(printed.stdout).toContain('Hash Algorithm: sha256');
    expect(printed.stdout.toLowerCase()).toContain(`serial number: 0x${token.serialNumber}`);
    expect(printed.stdout).toMatch(/Accuracy: 0x01 seconds, unspecified millis, unspecified micros/);
    expect(printed.stdout).toMatch(/Nonce: 0x[0-9A-F]{16}/);
    expect(printed.stdout).toMatch(/TSA: DirName:.*TSA embarqu/);
  });

  it('carry the ESS signingCertificateV2 attribute with the SHA-256 of the TSA certificate', async () => {
    const token = await authority.timestamp(sha256('ess'));
    const response = pkijs.TimeStampResp.fromBER(token.response);
    const signedData = new pkijs.SignedData({ schema: response.timeStampToken!.content });
    const attributes = signedData.signerInfos[0]!.signedAttrs!.attributes.map((attribute) => attribute.type);
    expect(attributes.sort()).toEqual(['1.2.840.113549.1.9.16.2.47', '1.2.840.113549.1.9.3', '1.2.840.113549.1.9.4']);
    const tsaDer = Buffer.from(pemBlocks(chainPem)[0]!.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    expect(token.response.includes(sha256(tsaDer))).toBe(true);
    expect(signedData.certificates).toHaveLength(1);
  });
});

describe('tokens that do not hold', () => {
  let digest: Buffer;
  let token: TimestampToken;
  beforeAll(async () => {
    digest = sha256('the convocation that was sent');
    token = await stamp('genuine', digest);
  });

  it('a byte flipped in the signature is refused by both verifiers', async () => {
    const response = pkijs.TimeStampResp.fromBER(token.response);
    const signature = Buffer.from(
      new pkijs.SignedData({ schema: response.timeStampToken!.content }).signerInfos[0]!.signature.valueBlock.valueHexView,
    );
    const tampered = Buffer.from(token.response);
    const last = tampered.indexOf(signature) + signature.length - 1;
    tampered[last] = tampered[last]! ^ 0x01;
    await writeFile(file('bad-signature.tsr'), tampered);

    expect(await refusal(verifyTimestampToken(tampered, digest, rootPem))).toMatchObject({
      code: TimestampErrorCode.SignatureInvalid,
      retryable: false,
    });
    const verified = await opensslVerify('bad-signature.tsr', ['-digest', digest.toString('hex')]);
    expect(verified.code).not.toBe(0);
    expect(verified.stdout).toContain('Verification: FAILED');
  });

  it('a byte flipped in the TSTInfo (its serial number) is refused by both verifiers', async () => {
    const serial = Buffer.from(token.serialNumber, 'hex');
    const tampered = Buffer.from(token.response);
    const at = tampered.indexOf(serial) + serial.length - 1;
    tampered[at] = tampered[at]! ^ 0x01;
    await writeFile(file('bad-tstinfo.tsr'), tampered);

    expect(await refusal(verifyTimestampToken(tampered, digest, rootPem))).toMatchObject({ code: TimestampErrorCode.SignatureInvalid });
    const verified = await opensslVerify('bad-tstinfo.tsr', ['-digest', digest.toString('hex')]);
    expect(verified.code).not.toBe(0);
    expect(verified.stdout).toContain('Verification: FAILED');
  });

  it('another digest is refused by both verifiers', async () => {
    const other = sha256('a convocation that was never sent');
    expect(await refusal(verifyTimestampToken(token.response, other, rootPem))).toMatchObject({ code: TimestampErrorCode.ImprintMismatch });
    const verified = await opensslVerify('genuine.tsr', ['-digest', other.toString('hex')]);
    expect(verified.code).not.toBe(0);
    expect(verified.stderr).toContain('message imprint mismatch');
  });

  it('another trust root is refused by both verifiers', async () => {
    const stranger = await createEmbeddedTimestampAuthority({ dataDir: path.join(work, 'stranger') });
    const strangerRoot = pemBlocks(await stranger.certificateChainPem())[1]!;
    await writeFile(file('stranger-root.pem'), strangerRoot);

    expect(await refusal(verifyTimestampToken(token.response, digest, strangerRoot))).toMatchObject({ code: TimestampErrorCode.Untrusted });
    const verified = await opensslVerify('genuine.tsr', ['-digest', digest.toString('hex')], 'stranger-root.pem');
    expect(verified.code).not.toBe(0);
    expect(verified.stderr).toContain('unable to get local issuer certificate');
  });
});

describe('raw RFC 3161 requests (respond)', () => {
  const content = 'Ordre du jour de la séance du 12 mars\n';
  beforeAll(async () => {
    await writeFile(file('ordre-du-jour.txt'), content);
  });

  async function answer(query: string[], name: string): Promise<Buffer> {
    const made = await openssl(['ts', '-query', ...query, '-out', `${name}.tsq`], work);
    expect(made.code, made.stderr).toBe(0);
    const reply = await authority.respond(await readFile(file(`${name}.tsq`)));
    await writeFile(file(`${name}.tsr`), reply);
    return reply;
  }

  it('answers an openssl ts -query with a reply openssl prints and verifies against the query', async () => {
    await answer(['-data', 'ordre-du-jour.txt', '-sha256', '-cert'], 'query');
    const printed = await openssl(['ts', '-reply', '-in', 'query.tsr', '-text'], work);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('Status: Granted.');

    const verified = await openssl(
      ['ts', '-verify', '-queryfile', 'query.tsq', '-in', 'query.tsr', '-CAfile', 'root.pem', '-untrusted', 'tsa.pem'],
      work,
    );
    expect(verified.stdout).toContain('Verification: OK');
    expect(verified.code).toBe(0);
  });

  it('echoes the nonce: the reply to one query does not verify against another query of the same data', async () => {
    await answer(['-data', 'ordre-du-jour.txt', '-sha256', '-cert'], 'first');
    const other = await openssl(['ts', '-query', '-data', 'ordre-du-jour.txt', '-sha256', '-cert', '-out', 'second.tsq'], work);
    expect(other.code).toBe(0);
    const verified = await openssl(
      ['ts', '-verify', '-queryfile', 'second.tsq', '-in', 'first.tsr', '-CAfile', 'root.pem', '-untrusted', 'tsa.pem'],
      work,
    );
    expect(verified.code).not.toBe(0);
    expect(verified.stderr).toContain('nonce mismatch');
  });

  it('leaves the certificate out when the query does not ask for it', async () => {
    const reply = await answer(['-data', 'ordre-du-jour.txt', '-sha256'], 'no-cert');
    const signedData = new pkijs.SignedData({ schema: pkijs.TimeStampResp.fromBER(reply).timeStampToken!.content });
    expect(signedData.certificates).toBeUndefined();
    // The verifier then needs the TSA certificate from the chain, as openssl needs it from -untrusted.
    expect(await refusal(verifyTimestampToken(reply, sha256(content), rootPem))).toMatchObject({
      code: TimestampErrorCode.SignerCertificateInvalid,
    });
    await expect(verifyTimestampToken(reply, sha256(content), chainPem)).resolves.toHaveProperty('serialNumber');
    const verified = await openssl(
      ['ts', '-verify', '-queryfile', 'no-cert.tsq', '-in', 'no-cert.tsr', '-CAfile', 'root.pem', '-untrusted', 'tsa.pem'],
      work,
    );
    expect(verified.code).toBe(0);
  });

  it.each([
    { name: 'sha1', query: ['-data', 'ordre-du-jour.txt', '-sha1', '-cert'], failure: 'unrecognized or unsupported algorithm identifier' },
    {
      name: 'policy',
      query: ['-data', 'ordre-du-jour.txt', '-sha256', '-tspolicy', '1.2.3.4'],
      failure: 'the requested TSA policy is not supported by the TSA',
    },
  ])('rejects what it does not offer ($name) with a status openssl prints', async ({ name, query, failure }) => {
    const reply = await answer(query, `rejected-${name}`);
    const printed = await openssl(['ts', '-reply', '-in', `rejected-${name}.tsr`, '-text'], work);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('Status: Rejected');
    expect(printed.stdout).toContain(failure);
    expect(await refusal(verifyTimestampToken(reply, sha256(content), rootPem))).toMatchObject({
      code: TimestampErrorCode.Rejected,
      retryable: false,
    });
  });

  it.each([
    ['garbage', Buffer.from('this is not DER')],
    ['nothing', Buffer.alloc(0)],
    ['a truncated request', Buffer.from('30290201013021', 'hex')],
  ])('answers %s with a rejection (bad data format), never an exception', async (_name, request) => {
    const reply = await authority.respond(request);
    const status = pkijs.TimeStampResp.fromBER(reply).status;
    expect(status.status).toBe(2);
    expect(Buffer.from(status.failInfo!.valueBlock.valueHexView)).toEqual(Buffer.from([0x04])); // bit 5, badDataFormat
  });

  it('rejects a request followed by trailing bytes', async () => {
    const made = await openssl(['ts', '-query', '-data', 'ordre-du-jour.txt', '-sha256', '-out', 'trailing.tsq'], work);
    expect(made.code).toBe(0);
    const request = Buffer.concat([await readFile(file('trailing.tsq')), Buffer.from([0x00])]);
    expect(pkijs.TimeStampResp.fromBER(await authority.respond(request)).status.status).toBe(2);
  });
});

describe('the embedded PKI', () => {
  it('certifies the TSA for timestamping only, with the extended key usage critical', async () => {
    const purpose = await openssl(['verify', '-CAfile', 'root.pem', '-purpose', 'timestampsign', 'tsa.pem'], work);
    expect(purpose.stdout).toContain('tsa.pem: OK');
    const text = await openssl(['x509', '-in', 'tsa.pem', '-noout', '-text'], work);
    expect(text.stdout).toMatch(/X509v3 Extended Key Usage: critical\s+Time Stamping\n/);
    const root = await openssl(['x509', '-in', 'root.pem', '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus'], work);
    expect(root.stdout).toContain('CN=Cartable — autorité racine de démonstration');
  });

  it('keeps its keys across restarts', async () => {
    const restarted = await createEmbeddedTimestampAuthority({ dataDir: path.join(work, 'data') });
    expect(await restarted.certificateChainPem()).toBe(chainPem);
    const digest = sha256('after a restart');
    await expect(verifyTimestampToken((await restarted.timestamp(digest)).response, digest, rootPem)).resolves.toBeDefined();
  });

  it('is created once when several start together, and kept readable by its owner only', async () => {
    const dataDir = path.join(work, 'race');
    const started = await Promise.all([1, 2, 3, 4].map(() => createEmbeddedTimestampAuthority({ dataDir })));
    const chains = await Promise.all(started.map((each) => each.certificateChainPem()));
    expect(new Set(chains).size).toBe(1);
    expect(await readdir(dataDir)).toEqual(['tsa']);
    expect((await stat(path.join(dataDir, 'tsa'))).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(dataDir, 'tsa', 'tsa-key.pem'))).mode & 0o777).toBe(0o600);
    expect((await readdir(path.join(dataDir, 'tsa'))).sort()).toEqual(['root.pem', 'tsa-key.pem', 'tsa.pem']);
  });

  it('refuses a folder whose key does not belong to its certificate', async () => {
    const dataDir = path.join(work, 'mixed');
    await createEmbeddedTimestampAuthority({ dataDir });
    await writeFile(path.join(dataDir, 'tsa', 'tsa.pem'), pemBlocks(chainPem)[0]!);
    await expect(createEmbeddedTimestampAuthority({ dataDir })).rejects.toThrow(/inconsistent/);
  });
});
