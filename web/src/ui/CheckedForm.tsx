import type { FormEvent, FormHTMLAttributes, ReactNode } from 'react';
import type { FieldErrors } from './form-errors.ts';

/**
 * A form whose fields are checked by `fields` (inline French errors, see `useFieldErrors`) instead of
 * the browser's bubbles: `onValid` runs only when every control is valid; otherwise the submission is
 * stopped and the first error focused.
 */
export function CheckedForm({
  fields,
  onValid,
  children,
  ...attributes
}: { fields: FieldErrors; onValid: (event: FormEvent<HTMLFormElement>) => void; children: ReactNode } & Omit<
  FormHTMLAttributes<HTMLFormElement>,
  'onSubmit' | 'onInput' | 'noValidate'
>) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    if (fields.check(event.currentTarget)) onValid(event);
    else event.preventDefault();
  };
  return (
    <form noValidate onSubmit={submit} onInput={fields.onInput} {...attributes}>
      {children}
    </form>
  );
}
