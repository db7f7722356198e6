import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repository = fileURLToPath(new URL('../../', import.meta.url));

/** A port free on the loopback interface right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface RunningServer {
  url: string;
  /** An access token of a demo user (password grant of the CLI client). */
  token(username: string): Promise<string>;
  graphql<Data>(query: string, variables: Record<string, unknown>, token: string): Promise<{ data?: Data; errors?: { message: string }[] }>;
  /**
   * Uploads a PDF as a secretariat's browser would, to a body's first meeting to come as a rapport unless
   * `to` names the meeting and the kind; returns the reader's path.
   */
  uploadPdf(
    secretariat: string,
    bodySlug: string,
    title: string,
    bytes: Uint8Array,
    to?: { meetingId: string; kind: 'RAPPORT' | 'NOTE_SYNTHESE' },
  ): Promise<string>;
  /**
   * Runs a Node script of the repository (path from its root) with the server's settings and its database
   * (`DATABASE_URL`): for what a test must do with the server's own services beyond the API. Resolves
   * with its output, rejects when it fails.
   */
  script(file: string, args: readonly string[]): Promise<string>;
  /** The newest email (decoded) the demo outbox holds for `address` with this (ASCII) `subject`, waiting up to 30 s for it. */
  email(address: string, subject: string): Promise<string>;
  stop(): Promise<void>;
}

/** An .eml's text as a reader sees it: quoted-printable soft breaks and escapes undone, headers unfolded. */
function decodeQuotedPrintable(eml: string): string {
  return eml.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The real product as `npm start` runs it (built server and web app, embedded PostgreSQL, embedded
 * OpenID provider, demo groupement), in a throw-away data folder, on free loopback ports; `environment`
 * adds settings (e.g. a small UPLOAD_PART_SIZE_BYTES).
 */
export async function startServer(environment: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cartable-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const postgresPort = await freePort();
  const settings: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    EMBEDDED_POSTGRES_PORT: String(postgresPort),
    CARTABLE_DATA_DIR: dataDir,
    CARTABLE_DEMO: 'true',
    // The journeys of the convocation stand on the demo's convened meetings; the séance's journey asks for its demo séances.
    CARTABLE_DEMO_SEANCES: 'false',
    LOG_LEVEL: 'warn',
    ...environment,
  };
  const child: ChildProcess = spawn(process.execPath, ['server/dist/main.js'], {
    cwd: repository,
    env: settings,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = once(child, 'exit');
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error('the server did not get ready in 3 minutes');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const server: RunningServer = {
    url,
    async token(username) {
      const response = await fetch(`${url}/realms/cartable/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'password', client_id: 'cartable-cli', username, password: 'demo' }),
      });
      return ((await response.json()) as { access_token: string }).access_token;
    },
    async graphql(query, variables, token) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return response.json() as never;
    },
    async uploadPdf(secretariat, bodySlug, title, bytes, to) {
      const token = await server.token(secretariat);
      const found = await server.graphql<{ body: { id: string; meetings: { id: string }[] } }>(
        // The first meeting to come (the demo also has a closed séance, whose documents no longer change).
        'query ($slug: String!, $from: DateTime!) { body(slug: $slug) { id meetings(from: $from) { id } } }',
        { slug: bodySlug, from: new Date().toISOString() },
        token,
      );
      const bodyId = found.data!.body.id;
      const { meetingId, kind } = to ?? { meetingId: found.data!.body.meetings[0]!.id, kind: 'RAPPORT' };
      const ticket = await server.graphql<{
        requestDocumentUpload: { uploadId: string; url: string; fields: { name: string; value: string }[] };
      }>(
        'mutation ($bodyId: UUID!, $input: DocumentUploadInput!) { requestDocumentUpload(bodyId: $bodyId, input: $input) { uploadId url fields { name value } } }',
        { bodyId, input: { meetingId, kind, title, fileName: 'document.pdf', contentType: 'application/pdf', sizeBytes: bytes.length } },
        token,
      );
      const { uploadId, url: target, fields } = ticket.data!.requestDocumentUpload;
      const form = new FormData();
      for (const field of fields) form.append(field.name, field.value);
      form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'document.pdf');
      const posted = await fetch(target, { method: 'POST', body: form });
      if (posted.status !== 204) throw new Error(`upload refused: HTTP ${posted.status}`);
      const completed = await server.graphql<{ completeDocumentUpload: string }>(
        'mutation ($bodyId: UUID!, $uploadId: UUID!) { completeDocumentUpload(bodyId: $bodyId, uploadId: $uploadId) }',
        { bodyId, uploadId },
        token,
      );
      if (!completed.data) throw new Error(`verification refused: ${JSON.stringify(completed.errors)}`);
      return `/organismes/${bodySlug}/seances/${meetingId}/documents/${completed.data.completeDocumentUpload}`;
    },
    async script(file, args) {
      // The embedded cluster's user, database and generated password (server/src/db/embedded-postgres.ts).
      const password = (await readFile(path.join(dataDir, 'postgres-password'), 'utf8')).trim();
      const databaseUrl = `postgres://cartable:${encodeURIComponent(password)}@127.0.0.1:${postgresPort}/cartable`;
      const run = spawn(process.execPath, [file, ...args], {
        cwd: repository,
        env: { ...settings, DATABASE_URL: databaseUrl },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      run.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const [code] = (await once(run, 'exit')) as [number | null];
      if (code !== 0) throw new Error(`${file} exited with code ${code}`);
      return output;
    },
    async email(address, subject) {
      const outbox = path.join(dataDir, 'outbox');
      const deadline = Date.now() + 30_000;
      for (;;) {
        const files = await readdir(outbox).catch(() => [] as string[]);
        const emails = await Promise.all(
          files
            .filter((file) => file.endsWith('.eml'))
            .map(async (file) => ({
              file,
              ...(await stat(path.join(outbox, file))),
              text: await readFile(path.join(outbox, file), 'utf8'),
            })),
        );
        const match = emails
          .filter((email) => email.text.includes(`To: ${address}`) || email.text.includes(`<${address}>`))
          .map((email) => ({ ...email, text: Buffer.from(decodeQuotedPrintable(email.text), 'latin1').toString('utf8') }))
          .filter((email) => email.text.includes(`Subject: ${subject}`))
          .sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
        if (match) return match.text;
        if (Date.now() > deadline) throw new Error(`no email to ${address} in the outbox`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}
