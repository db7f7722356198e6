import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../../src/notify/delivery-error.js';
import { createOutboxEmailSender, createSmtpEmailSender, type EmailMessage } from '../../src/notify/email.js';
import { closedPort, rejectionOf } from '../helpers/loopback.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const from = 'Mairie de Besançon <convocations@mairie-besancon.example.fr>';

const convocation = (overrides: Partial<EmailMessage> = {}): EmailMessage => ({
  to: 'claire.martin@elus.example.fr',
  toName: 'Claire Martin',
  subject: 'Convocation : conseil municipal du jeudi 12 mars 2026',
  text: 'Madame, vous êtes convoquée au conseil municipal du 12 mars 2026 à 18 h.',
  html: '<p>Madame, vous êtes convoquée au <strong>conseil municipal</strong> du 12 mars 2026 à 18 h.</p>',
  messageId: 'convocation.7f3a9c.claire-martin@mairie-besancon.example.fr',
  headers: { 'Auto-Submitted': 'auto-generated' },
  ...overrides,
});

describe('SMTP email sender', () => {
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink(0, {
      refuseRecipient: (address) =>
        address.startsWith('inconnu@')
          ? { responseCode: 550, message: '5.1.1 <inconnu@elus.example.fr>: Recipient address rejected: User unknown' }
          : address.startsWith('plus-tard@')
            ? { responseCode: 421, message: '4.7.0 Try again later, closing connection' }
            : undefined,
    });
  });
  afterAll(() => sink.close());

  const sender = () => createSmtpEmailSender({ url: `smtp://127.0.0.1:${sink.port}`, from });

  it('delivers the message with its Message-ID, headers and both parts, once the server said 250', async () => {
    const email = sender();
    const delivery = await email.send(convocation());
    await email.close();

    expect(delivery.response).toMatch(/^250 /);
    expect(delivery.messageId).toBe('convocation.7f3a9c.claire-martin@mairie-besancon.example.fr');
    expect(delivery.acceptedAt).toBeInstanceOf(Date);
    const received = await sink.waitFor((message) => message.messageId === `<${delivery.messageId}>`);
    expect(received.from?.value).toEqual([{ name: 'Mairie de Besançon', address: 'convocations@mairie-besancon.example.fr' }]);
    expect(received.to).toMatchObject({ value: [{ name: 'Claire Martin', address: 'claire.martin@elus.example.fr' }] });
    expect(received.subject).toBe('Convocation : conseil municipal du jeudi 12 mars 2026');
    expect(received.headers.get('auto-submitted')).toBe('auto-generated');
    expect(received.text?.trim()).toBe(convocation().text);
    expect(received.html).toContain('<strong>conseil municipal</strong> du 12 mars 2026 à 18 h.');
    expect(received.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
  });

  it('completes a Message-ID without a domain with the sender domain', async () => {
    const email = sender();
    const delivery = await email.send(convocation({ messageId: 'convocation.0b1d.paul-bernard', to: 'paul.bernard@elus.example.fr' }));
    await email.close();
    expect(delivery.messageId).toBe('convocation.0b1d.paul-bernard@mairie-besancon.example.fr');
    await sink.waitFor((message) => message.messageId === '<convocation.0b1d.paul-bernard@mairie-besancon.example.fr>');
  });

  it('sends several messages over a pooled connection', async () => {
    const email = createSmtpEmailSender({ url: `smtp://127.0.0.1:${sink.port}`, from, pool: true });
    const ids = ['pool.1', 'pool.2', 'pool.3'];
    const deliveries = await Promise.all(ids.map((messageId) => email.send(convocation({ messageId }))));
    await email.close();
    expect(deliveries.map((delivery) => delivery.messageId)).toEqual(ids.map((id) => `${id}@mairie-besancon.example.fr`));
    for (const id of ids) await sink.waitFor((message) => message.messageId === `<${id}@mairie-besancon.example.fr>`);
  });

  it('turns a 550 reply into a permanent failure carrying the reply', async () => {
    const email = sender();
    const error = await rejectionOf(email.send(convocation({ to: 'inconnu@elus.example.fr', messageId: 'refused.550' })));
    await email.close();
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect(error.code).toBe('SMTP_REJECTED');
    expect(error.message).toContain('550 5.1.1 <inconnu@elus.example.fr>: Recipient address rejected');
    expect(sink.messages.some((message) => message.messageId === '<refused.550@mairie-besancon.example.fr>')).toBe(false);
  });

  it('leaves a 421 reply transient', async () => {
    const email = sender();
    const error = await rejectionOf(email.send(convocation({ to: 'plus-tard@elus.example.fr', messageId: 'deferred.421' })));
    await email.close();
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect(error.responseCode).toBe(421);
  });

  it('leaves a refused connection transient', async () => {
    const port = await closedPort();
    const email = createSmtpEmailSender({ url: `smtp://127.0.0.1:${port}`, from });
    const error = await rejectionOf(email.send(convocation()));
    await email.close();
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect(error.code).toBe('ESOCKET');
    expect(String((error as { errno?: unknown; message: string }).message)).toContain('ECONNREFUSED');
  });

  it('refuses a malformed address or header before connecting, permanently', async () => {
    const before = sink.messages.length;
    const email = sender();
    for (const to of ['claire.martin', 'claire martin@elus.example.fr', 'claire@localhost', '<claire@elus.example.fr>']) {
      const error = await rejectionOf(email.send(convocation({ to })));
      expect(error).toBeInstanceOf(PermanentDeliveryError);
      expect(error.code).toBe('INVALID_ADDRESS');
    }
    const injected = await rejectionOf(email.send(convocation({ headers: { 'X-Note': 'a\r\nBcc: everyone@example.org' } })));
    expect(injected.code).toBe('INVALID_MESSAGE');
    const badId = await rejectionOf(email.send(convocation({ messageId: 'two words@example.org' })));
    expect(badId.code).toBe('INVALID_MESSAGE');
    await email.close();
    expect(sink.messages.length).toBe(before);
  });
});

describe('outbox email sender (the demo without SMTP)', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'cartable-outbox-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('writes each message as an .eml file named after its Message-ID, readable by its owner only', async () => {
    const outbox = path.join(directory, 'outbox');
    const email = await createOutboxEmailSender({ directory: outbox, from });
    const delivery = await email.send(convocation());
    // A retried send rewrites the same file.
    await email.send(convocation());
    await email.close();

    const file = path.join(outbox, 'convocation.7f3a9c.claire-martin@mairie-besancon.example.fr.eml');
    expect(await readdir(outbox)).toEqual([path.basename(file)]);
    expect(delivery).toMatchObject({
      messageId: 'convocation.7f3a9c.claire-martin@mairie-besancon.example.fr',
      response: `saved to ${file}`,
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const raw = await readFile(file);
    expect(raw.includes('\r\n')).toBe(true);
    const parsed = await simpleParser(raw);
    expect(parsed.messageId).toBe('<convocation.7f3a9c.claire-martin@mairie-besancon.example.fr>');
    expect(parsed.to).toMatchObject({ value: [{ name: 'Claire Martin', address: 'claire.martin@elus.example.fr' }] });
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.text?.trim()).toBe(convocation().text);
    expect(parsed.html).toContain('<strong>conseil municipal</strong>');
  });

  it('deletes at start-up the partial files of writers killed mid-write, not those of a live writer', async () => {
    const outbox = path.join(directory, 'crashed-outbox');
    await mkdir(outbox, { recursive: true });
    // A process that has exited (its id is free), one still running, and this process before its first write.
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)']);
    try {
      const name = (pid: number | null) => `cartable.0193.eml.${pid === null ? '' : `${pid}.`}${randomUUID()}.partial`;
      const stale = [name(gone), name(process.pid), name(null)];
      const running = name(live.pid!);
      for (const file of [...stale, running]) await writeFile(path.join(outbox, file), 'From: half a message');
      await createOutboxEmailSender({ directory: outbox, from });
      expect(await readdir(outbox)).toEqual([running]);
    } finally {
      live.kill('SIGKILL');
    }
  });
});
