import { useId, type FormEvent, type ReactNode } from 'react';
import { CheckedForm } from './CheckedForm.tsx';
import type { FieldErrors } from './form-errors.ts';

/**
 * A form of a console under its own heading, the section named by it for assistive technologies. The
 * form is checked by `fields` (inline French errors, see `useFieldErrors`) before `onSubmit` runs.
 */
export function FormSection({
  title,
  fields,
  onSubmit,
  children,
  minor = false,
}: {
  title: string;
  fields: FieldErrors;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
  minor?: boolean;
}) {
  const heading = useId();
  return (
    <section aria-labelledby={heading} className="cartable-console-form">
      <h2 id={heading} className={minor ? 'fr-h5' : undefined}>
        {title}
      </h2>
      <CheckedForm fields={fields} onValid={onSubmit}>
        {children}
      </CheckedForm>
    </section>
  );
}
