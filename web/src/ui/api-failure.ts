import type { FormEvent } from 'react';
import { CombinedGraphQLErrors } from '@apollo/client';

/** The first error of an API answer: its stable code, its reason when there is one, its French message. */
export interface ApiFailure {
  code: string;
  reason: string | null;
  message: string;
}

export function apiFailure(error: unknown): ApiFailure | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const first = error.errors[0];
  if (!first) return null;
  const extensions = first.extensions ?? {};
  return {
    code: String(extensions.code ?? ''),
    reason: typeof extensions.reason === 'string' ? extensions.reason : null,
    message: first.message,
  };
}

/** Runs an action whose error the caller shows from elsewhere (a mutation's state); says whether it worked. */
export async function succeeded(action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch {
    return false;
  }
}

/** A form's submit handler: no page load, and the action's error is shown from elsewhere (a mutation's state). */
export function submitWith(action: () => Promise<unknown>): (event: FormEvent) => void {
  return (event) => {
    event.preventDefault();
    void succeeded(action);
  };
}
