import { useState } from 'react';
import { userError } from '../../ui/error-message.ts';
import type { Outcome } from '../../ui/OutcomeMessage.tsx';

/** Runs one action of the acts screens: its outcome (done, or the server's French refusal), then the page's data again. */
export function useActAction(refetch: () => Promise<unknown>) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const run = async <T>(action: () => Promise<T>, done: string | ((result: T) => string)): Promise<boolean> => {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await action();
      setOutcome({ ok: typeof done === 'string' ? done : done(result) });
      await refetch();
      return true;
    } catch (error) {
      setOutcome({ error: userError(error).message });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { outcome, busy, run };
}
