import { CombinedGraphQLErrors } from '@apollo/client';
import { messages } from '../i18n/messages.ts';

/**
 * What a failure means for the user, in French: no raw error text (« Failed to fetch », a stack, an
 * English library message) ever reaches the screen.
 * - `offline`: the request never reached the server (no network, the server unreachable);
 * - `server`: the API refused with a GraphQL error, whose message is French and written for users
 *   (an unexpected failure is masked by the server with a French sentence and a log reference);
 * - `server` too: a `UserFacingError` the app raised itself with a French message;
 * - `generic`: anything else, told with a generic French sentence.
 */
export interface UserError {
  kind: 'offline' | 'server' | 'generic';
  /** The GraphQL error's stable code (`server` only). */
  code: string | undefined;
  message: string;
}

/** An error the app raises itself, whose message is already French and written for users. */
export class UserFacingError extends Error {}

/** Whether the browser says it is online; outside a browser (unit tests), online. */
const browserOnline = (): boolean => typeof navigator === 'undefined' || navigator.onLine;

/** A request that never got an answer: `fetch` rejects with a `TypeError` (« Failed to fetch », « NetworkError … », « Load failed »). */
const isNetworkFailure = (error: unknown): boolean => error instanceof TypeError;

/** Maps any failure to what the user reads; `offlineMessage` is the screen's own offline state. */
export function userError(error: unknown, offlineMessage: string = messages.app.offline, online: boolean = browserOnline()): UserError {
  const graphqlError = CombinedGraphQLErrors.is(error) ? error.errors[0] : undefined;
  if (graphqlError) return { kind: 'server', code: graphqlError.extensions?.code as string | undefined, message: graphqlError.message };
  if (error instanceof UserFacingError) return { kind: 'server', code: undefined, message: error.message };
  if (!online || isNetworkFailure(error)) return { kind: 'offline', code: undefined, message: offlineMessage };
  return { kind: 'generic', code: undefined, message: messages.app.error };
}
