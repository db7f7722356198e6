import type { Clock } from '../../src/legal/clock.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { createLogger } from '../../src/common/logger.js';
import { loadConfig } from '../../src/config/env.js';
import { loadDemoData } from '../../src/demo/load-demo.js';
import { loadDemoSeances } from '../../src/demo/load-demo-seances.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { createTestDatabase } from './database.js';

export const testPublicUrl = 'http://localhost:4000';

/** An SMS provider configured (its API never called: for tests that plan SMS without delivering them). */
export const smsProvider = {
  SMS_PROVIDER: 'brevo',
  SMS_API_KEY: 'cle-de-test',
  SMS_SENDER: 'Besancon',
  SMS_API_URL: 'http://127.0.0.1:9/v3',
};

export interface GraphqlResult<Data = Record<string, unknown>> {
  status: number;
  data: Data | null | undefined;
  errors: { message: string; extensions?: Record<string, unknown>; path?: (string | number)[] }[] | undefined;
}

export interface TestHarness {
  runtime: Runtime;
  http: ReturnType<typeof supertest>;
  databaseUrl: string;
  /** The runtime's CARTABLE_DATA_DIR (embedded provider key and accounts). */
  dataDir: string;
  /** An access token from the embedded provider (password grant on `cartable-cli`, password `demo`). */
  token(username: string, password?: string): Promise<string>;
  graphql<Data = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphqlResult<Data>>;
  close(): Promise<void>;
}

/** The real server (real PostgreSQL, embedded identity provider) with the demo groupement loaded. */
export async function startHarness(
  options: {
    demo?: boolean;
    demoDocuments?: boolean;
    demoSeances?: boolean;
    environment?: NodeJS.ProcessEnv;
    databaseUrl?: string;
    clock?: Clock;
  } = {},
): Promise<TestHarness> {
  // A database of the shared test server, unless the test runs its own PostgreSQL.
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase());
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cartable-harness-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: testPublicUrl,
    CARTABLE_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    ...options.environment,
  });
  const logger = createLogger(config.LOG_LEVEL);
  const runtime = await createRuntime(config, logger, databaseUrl, undefined, options.clock);
  if (options.demo ?? true) {
    // With the documents, the demo is the one of `npm start`: its meetings convened, with replies.
    await loadDemoData(runtime.orm.em.fork(), runtime.bodyMigrations, options.demoDocuments ? { environment: runtime.environment } : {});
    // The séances of `npm start` (a meeting held today, a past séance with its votes): only when asked,
    // so that the figures the other tests check against the demo stay those of the convocations.
    if (options.demoSeances) await loadDemoSeances(runtime.orm.em.fork(), { environment: runtime.environment });
  }
  const http = supertest(runtime.app);
  const tokens = new Map<string, string>();
  return {
    runtime,
    http,
    databaseUrl,
    dataDir,
    async token(username, password = 'demo') {
      const cached = tokens.get(username);
      if (cached) return cached;
      const form = { grant_type: 'password', client_id: 'cartable-cli', username, password };
      // The embedded provider is reached through the app; a real Keycloak over loopback HTTP.
      const response = config.embeddedIdentityProvider
        ? await http.post('/realms/cartable/protocol/openid-connect/token').type('form').send(form)
        : await fetch(`${config.identityServerUrl}/realms/${config.OIDC_REALM}/protocol/openid-connect/token`, {
            method: 'POST',
            body: new URLSearchParams(form),
          }).then(async (reply) => ({ status: reply.status, text: await reply.text() }));
      if (response.status !== 200) throw new Error(`login of ${username} failed: ${response.status} ${response.text}`);
      const accessToken = JSON.parse(response.text).access_token as string;
      tokens.set(username, accessToken);
      return accessToken;
    },
    async graphql(query, variables, token) {
      const request = http.post('/graphql').set('content-type', 'application/json');
      if (token) request.set('authorization', `Bearer ${token}`);
      const response = await request.send({ query, variables });
      return { status: response.status, data: response.body.data, errors: response.body.errors };
    },
    close: () => runtime.stop(),
  };
}
