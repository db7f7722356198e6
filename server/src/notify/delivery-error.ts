/**
 * A failure that retrying cannot fix: a refused address, an unsubscribed push endpoint, a 5xx SMTP reply,
 * a rejected API key. The worker records it and stops; anything else a sender throws is transient and
 * retried with backoff. `code` is stable (workers and the proof file switch on it); the message is for logs.
 */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';

  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
