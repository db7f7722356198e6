import { useState, type FormEvent } from 'react';
import { useFieldErrors } from '../ui/form-errors.ts';
import { localInputToIso } from './zoned-time.ts';

/**
 * A console form with a date and time on the body's wall clock: on submit, the fields are checked (the
 * design system's French errors under them), the time is read as an instant and handed to `action`, or
 * the date field shows `badDate`. The action's error is shown from elsewhere (its mutation's state).
 */
export function useZonedForm(timeZone: string, badDate: string) {
  const fields = useFieldErrors();
  const [invalid, setInvalid] = useState(false);
  const submitWith = (localTime: string, action: (iso: string) => Promise<unknown>) => async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!fields.check(event.currentTarget)) return;
    const iso = localInputToIso(localTime, timeZone);
    setInvalid(iso === null);
    if (iso === null) return;
    try {
      await action(iso);
    } catch {
      // Shown from the mutation's state.
    }
  };
  /** The state of the date field: its own error, or the one of the form's check. */
  const dateField = (name: string) => (invalid ? { state: 'error' as const, stateRelatedMessage: badDate } : fields.field(name));
  return { fields, submitWith, dateField };
}
