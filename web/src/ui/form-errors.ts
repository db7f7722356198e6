import { useCallback, useState, type FormEvent } from 'react';
import { messages } from '../i18n/messages.ts';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const m = messages.formErrors;

/** The French message for what the browser found wrong with a control; null when it is valid. */
export function fieldErrorMessage(control: Control): string | null {
  const { validity } = control;
  if (validity.valid) return null;
  if (validity.valueMissing)
    return control instanceof HTMLSelectElement || control.type === 'radio' || control.type === 'checkbox'
      ? m.choiceMissing
      : m.valueMissing;
  if (validity.typeMismatch) return m.typeMismatch[control.type] ?? m.typeMismatch.other!;
  if (validity.badInput) return m.badInput;
  if (validity.tooLong && 'maxLength' in control) return m.tooLong(control.maxLength);
  if (validity.tooShort && 'minLength' in control) return m.tooShort(control.minLength);
  if (validity.rangeUnderflow && control instanceof HTMLInputElement) return m.rangeUnderflow(control.min);
  if (validity.rangeOverflow && control instanceof HTMLInputElement) return m.rangeOverflow(control.max);
  if (validity.stepMismatch) return m.stepMismatch;
  return m.patternMismatch;
}

export interface FieldErrors {
  /** Checks every named control of the form; shows the errors and focuses the first one. True when valid. */
  check(form: HTMLFormElement): boolean;
  /** Props for a design-system `Input`/`Select`: the error state and its French message. */
  field(name: string): { state: 'error' | 'default'; stateRelatedMessage: string | undefined };
  /** The message of one control (for components that show it themselves). */
  error(name: string): string | undefined;
  /** For the form's `onInput`: a control being changed loses its error. */
  onInput(event: FormEvent<HTMLFormElement>): void;
}

/**
 * Inline French errors instead of the browser's bubbles: a form is rendered with `noValidate`, its
 * controls keep their `required`, `maxLength`, `type`… attributes, and on submit `check` reads the
 * browser's verdict per control (ValidityState) and turns it into the design system's error state under
 * the field, in the catalogue's words (tied to the control by the design system's `aria-describedby`),
 * marks the control `aria-invalid` and focuses the first one. An error clears as soon as the control is
 * changed (`onInput`).
 */
export function useFieldErrors(): FieldErrors {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const check = useCallback((form: HTMLFormElement) => {
    const found: Record<string, string> = {};
    let first: Control | undefined;
    for (const element of Array.from(form.elements)) {
      if (
        !(element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement) ||
        !element.name
      )
        continue;
      const message = fieldErrorMessage(element);
      if (message && !found[element.name]) {
        found[element.name] = message;
        first ??= element;
      }
      // The design system's components do not set it: the attribute is the form's own, React never renders it.
      if (message) element.setAttribute('aria-invalid', 'true');
      else element.removeAttribute('aria-invalid');
    }
    setErrors(found);
    first?.focus();
    return first === undefined;
  }, []);
  const error = useCallback((name: string) => errors[name], [errors]);
  const field = useCallback(
    (name: string) => ({ state: errors[name] ? ('error' as const) : ('default' as const), stateRelatedMessage: errors[name] }),
    [errors],
  );
  const onInput = useCallback((event: FormEvent<HTMLFormElement>) => {
    const name = (event.target as Partial<Control>).name;
    if (!name) return;
    for (const element of Array.from(event.currentTarget.elements))
      if ((element as Partial<Control>).name === name) element.removeAttribute('aria-invalid');
    setErrors((current) => (name in current ? Object.fromEntries(Object.entries(current).filter(([key]) => key !== name)) : current));
  }, []);
  return { check, field, error, onInput };
}
