import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** An SMTP error reply, e.g. `{ responseCode: 550, message: '5.1.1 No such user' }`. */
export interface SmtpRefusal {
  responseCode: number;
  message: string;
}

export interface SmtpSink {
  port: number;
  messages: ParsedMail[];
  /** Resolves with the first message (already received or to come) that matches. */
  waitFor(match: (message: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on loopback that keeps what it receives, for assertions. `refuseRecipient` answers
 * RCPT TO with an error reply instead of 250 when it returns one (a 421 also closes the connection).
 */
export async function startSmtpSink(
  port = 0,
  options: {
    refuseRecipient?: (address: string) => SmtpRefusal | undefined;
    /** Waits this long between keeping a message and replying 250 (a slow relay: messages in flight). */
    acceptDelayMs?: number;
  } = {},
): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const waiters: { match: (message: ParsedMail) => boolean; resolve: (message: ParsedMail) => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = options.refuseRecipient?.(address.address);
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.responseCode }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((message) => {
          messages.push(message);
          for (const waiter of waiters.filter((candidate) => candidate.match(message))) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(message);
          }
          if (options.acceptDelayMs) setTimeout(callback, options.acceptDelayMs);
          else callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  // A client that dies in the middle of a session (the crash tests kill the server while it sends) resets
  // its connection: that is the client's story, not the sink's, which keeps serving the others.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
  });
  const address = server.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    messages,
    waitFor(match, timeoutMs = 15_000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no matching email arrived')), timeoutMs);
        waiters.push({
          match,
          resolve: (message) => {
            clearTimeout(timer);
            resolve(message);
          },
        });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
