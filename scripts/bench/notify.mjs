#!/usr/bin/env node
// @ts-check
// Cost of one notification through each channel adapter of server/dist/notify, against loopback servers:
// email over SMTP (a connection per message, then the pooled transport with 20 sends in flight), email
// to the demo outbox, SMS to an HTTP server answering like Brevo, and the CPU a Web Push message costs
// us (aes128gcm encryption + VAPID ES256 token, web-push's generateRequestDetails; the push service's own
// latency is not ours to measure).
//
//   npm run build && node_modules/.bin/node scripts/bench/notify.mjs [--count 500] [--timeout 300]
//
// The worst national burst is about 100 notification jobs/s (docs/benchmarks.md): compare with that.
import { createServer } from 'node:http';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import webpush from 'web-push';
import { createOutboxEmailSender, createSmtpEmailSender } from '../../server/dist/notify/email.js';
import { createHttpSmsSender } from '../../server/dist/notify/sms.js';
import { formatStats, freePort, machineInfo, makeTempDir, onCleanup, parseBenchArgs, round, runBench, summarize } from './lib.mjs';

const args = parseBenchArgs({ count: 500, timeoutSeconds: 300 });
const from = 'Mairie de Besançon <convocations@mairie-besancon.example.fr>';
const inFlight = 20;

const message = (index) => ({
  to: `elu.${index}@elus.example.fr`,
  toName: `Élu ${index}`,
  subject: 'Convocation : conseil municipal du jeudi 12 mars 2026',
  text: 'Madame, Monsieur, vous êtes convoqué(e) au conseil municipal du 12 mars 2026 à 18 h. '.repeat(8),
  html: `<p>${'Madame, Monsieur, vous êtes convoqué(e) au <strong>conseil municipal</strong> du 12 mars 2026 à 18 h. '.repeat(8)}</p>`,
  messageId: `bench.${index}.${process.pid}`,
  headers: { 'Auto-Submitted': 'auto-generated' },
});

/** Runs `send(i)` for i in 0..count-1, `concurrency` at a time; per-call ms and calls per second. */
async function timed(count, concurrency, send) {
  const samples = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        const start = performance.now();
        await send(index);
        samples.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perCall: summarize(samples, 2), perSecond: round(count / seconds, 0) };
}

function report(label, result) {
  console.log(`${label.padEnd(44)} ${String(result.perSecond).padStart(6)}/s   ${formatStats(result.perCall)}`);
  return result;
}

await runBench('notify', args.timeoutSeconds, async () => {
  console.log(`notify benchmark — ${args.count} messages per case, loopback only`);
  let received = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // A real relay's reverse DNS lookup of our address is its cost, not ours.
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      stream
        .on('data', () => {})
        .on('end', () => {
          received += 1;
          callback();
        });
    },
  });
  const smtpPort = await freePort();
  await new Promise((resolve) => smtp.listen(smtpPort, '127.0.0.1', () => resolve(undefined)));
  onCleanup(() => new Promise((resolve) => smtp.close(() => resolve(undefined))));
  const smtpUrl = `smtp://127.0.0.1:${smtpPort}`;

  const single = createSmtpEmailSender({ url: smtpUrl, from });
  const smtpSingle = report(
    'email, SMTP, one connection per message',
    await timed(Math.min(args.count, 200), 1, (i) => single.send(message(i))),
  );
  await single.close();
  const pooled = createSmtpEmailSender({ url: smtpUrl, from, pool: true });
  const smtpPooled = report(`email, SMTP pooled, ${inFlight} in flight`, await timed(args.count, inFlight, (i) => pooled.send(message(i))));
  await pooled.close();

  const outbox = await createOutboxEmailSender({ directory: path.join(await makeTempDir('notify'), 'outbox'), from });
  const outboxFiles = report('email, demo outbox (.eml file)', await timed(args.count, 1, (i) => outbox.send(message(i))));

  let messageId = 1_511_882_900_176_220n;
  const brevo = createServer((request, response) => {
    request.resume().on('end', () => response.writeHead(201, { 'content-type': 'application/json' }).end(`{"messageId":${messageId++}}`));
  });
  const brevoPort = await freePort();
  await new Promise((resolve) => brevo.listen(brevoPort, '127.0.0.1', () => resolve(undefined)));
  onCleanup(() => new Promise((resolve) => brevo.close(resolve)));
  const sms = createHttpSmsSender({
    provider: 'brevo',
    apiKey: 'xkeysib-bench',
    sender: 'Besancon',
    apiUrl: `http://127.0.0.1:${brevoPort}/v3`,
  });
  const smsHttp = report(
    `SMS, Brevo API on loopback, ${inFlight} in flight`,
    await timed(args.count, inFlight, (i) =>
      sms.send({
        to: `+3361234${String(i % 10_000).padStart(4, '0')}`,
        text: 'Conseil municipal le 12/03 a 18h. Convocation dans votre Cartable.',
        idempotencyKey: `bench-${i}`,
      }),
    ),
  );

  const vapid = webpush.generateVAPIDKeys();
  const browser = webpush.generateVAPIDKeys(); // any P-256 public key stands for the browser's p256dh
  const subscription = {
    endpoint: 'https://push.example/send/bench',
    keys: { p256dh: browser.publicKey, auth: Buffer.alloc(16, 1).toString('base64url') },
  };
  const payload = JSON.stringify({
    title: 'Conseil municipal du 12 mars',
    body: 'Vous êtes convoqué(e).',
    url: 'https://cartable.example.fr/seances/1',
    tag: 'convocation-1',
  });
  const pushCpu = report(
    'push, encryption + VAPID token (CPU only)',
    await timed(args.count, 1, async () => {
      webpush.generateRequestDetails(subscription, payload, {
        vapidDetails: { subject: 'mailto:a@example.fr', ...vapid },
        contentEncoding: 'aes128gcm',
      });
    }),
  );

  if (received !== Math.min(args.count, 200) + args.count) throw new Error(`the SMTP server received ${received} messages`);
  return { count: args.count, smtpSingle, smtpPooled, outboxFiles, smsHttp, pushCpu, machine: machineInfo() };
});
