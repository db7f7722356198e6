import { afterAll, beforeAll } from 'vitest';
import { startHarness, type TestHarness } from './harness.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

export interface MailingHarness {
  readonly harness: TestHarness;
  /** The emails as the SMTP server received them. */
  readonly sink: SmtpSink;
  /** A token of secretariat.ville. */
  readonly secretariat: string;
}

/**
 * Registers the hooks of a file whose emails go to an SMTP sink, sent from the Ville's address, with
 * every event timestamped at once and no SMS provider (the SMS channel is off). Read its fields in tests.
 */
export function useMailingHarness(): MailingHarness {
  let started: MailingHarness | undefined;
  beforeAll(async () => {
    const sink = await startSmtpSink(0);
    const harness = await startHarness({
      environment: {
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        MAIL_FROM: 'Ville de Besançon <convocations@demo.cartable.fr>',
        EVIDENCE_ANCHOR_BATCH_SECONDS: '0',
      },
    });
    started = { harness, sink, secretariat: await harness.token('secretariat.ville') };
  });
  afterAll(async () => {
    await started?.harness.close();
    await started?.sink.close();
  });
  const get = () => {
    if (!started) throw new Error('the mailing harness has not started');
    return started;
  };
  return {
    get harness() {
      return get().harness;
    },
    get sink() {
      return get().sink;
    },
    get secretariat() {
      return get().secretariat;
    },
  };
}
