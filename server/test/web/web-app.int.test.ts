import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { webAppConfig } from '../../src/http/web-app.js';
import { smsProvider, startHarness, testPublicUrl, type TestHarness } from '../helpers/harness.js';

/** A stand-in for `web/dist`: the shell, one hashed asset, the service worker. */
async function fakeBuild(): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'cartable-web-dist-'));
  await mkdir(path.join(directory, 'assets'));
  await writeFile(path.join(directory, 'index.html'), '<!doctype html><html lang="fr"><title>Cartable</title><div id="root"></div>');
  await writeFile(path.join(directory, 'assets', 'index-Ab12Cd34.js'), 'console.log("app")');
  await writeFile(path.join(directory, 'sw.js'), 'self.addEventListener("fetch", () => {})');
  return directory;
}

describe('the web app served by the server', () => {
  let harness: TestHarness;

  beforeAll(async () => {
    harness = await startHarness({ demo: false, environment: { WEB_DIST_DIR: await fakeBuild() } });
  });
  afterAll(() => harness?.close());

  it('serves the shell at / and for client-side routes, revalidated on each load, with a CSP', async () => {
    for (const url of ['/', '/seances/abc', '/recherche?q=budget']) {
      const response = await harness.http.get(url).set('accept', 'text/html');
      expect(response.status, url).toBe(200);
      expect(response.text).toContain('<div id="root">');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });

  it('caches hashed assets for a year, and the service worker not at all', async () => {
    const asset = await harness.http.get('/assets/index-Ab12Cd34.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const worker = await harness.http.get('/sw.js');
    expect(worker.status).toBe(200);
    expect(worker.headers['cache-control']).toBe('no-cache');
  });

  it('answers 404, not the shell, for a missing file or asset', async () => {
    for (const url of ['/assets/gone-123.js', '/favicon-missing.png']) {
      const response = await harness.http.get(url).set('accept', 'text/html');
      expect(response.status, url).toBe(404);
      expect(response.text).not.toContain('<div id="root">');
    }
  });

  it('never shadows the routes of the server', async () => {
    const discovery = await harness.http.get('/realms/cartable/.well-known/openid-configuration').set('accept', 'text/html,*/*');
    expect(discovery.status).toBe(200);
    expect(discovery.body.issuer).toBe(`${testPublicUrl}/realms/cartable`);
    expect((await harness.http.get('/healthz').set('accept', 'text/html')).text).not.toContain('<div id="root">');
    const readiness = await harness.http.get('/readyz').set('accept', 'text/html');
    expect(readiness.text).not.toContain('<div id="root">');
    const storage = await harness.http.get('/storage/object?token=nope').set('accept', 'text/html');
    expect(storage.status).toBe(403);
    for (const url of ['/downloads/unknown-token', '/proof/unknown-token', '/tsa']) {
      expect((await harness.http.get(url).set('accept', 'text/html')).text, url).not.toContain('<div id="root">');
    }
    const underApi = await harness.http.get('/graphql/unknown').set('accept', 'text/html');
    expect(underApi.text).not.toContain('<div id="root">');
    const graphql = await harness.graphql('{ __typename }');
    expect(graphql.data).toEqual({ __typename: 'Query' });
  });

  it('tells the browser app where to log in', async () => {
    const response = await harness.http.get('/app-config.json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      oidcAuthority: `${testPublicUrl}/realms/cartable`,
      clientId: 'cartable-web',
      legal: { publisher: null, host: null, contactEmail: null },
      smsAvailable: false,
    });
  });

  it('offers SMS alerts only where an SMS provider is configured', () => {
    const base = { NODE_ENV: 'test', CARTABLE_DATA_DIR: harness.dataDir };
    expect(webAppConfig(loadConfig(base)).smsAvailable).toBe(false);
    expect(webAppConfig(loadConfig({ ...base, ...smsProvider })).smsAvailable).toBe(true);
  });
});

describe('the server without a built web app', () => {
  let harness: TestHarness;

  beforeAll(async () => {
    harness = await startHarness({ demo: false, environment: { WEB_DIST_DIR: path.join(tmpdir(), 'cartable-no-such-build') } });
  });
  afterAll(() => harness?.close());

  it('says how to build it, and still serves the API', async () => {
    const response = await harness.http.get('/').set('accept', 'text/html');
    expect(response.status).toBe(503);
    expect(response.text).toContain('npm run build');
    expect((await harness.http.get('/healthz')).status).toBe(200);
  });
});
