import { useId, type FormEvent, type ReactNode } from 'react';

/** A form of a console under its own heading, the section named by it for assistive technologies. */
export function FormSection({ title, onSubmit, children, minor = false }: { title: string; onSubmit: (event: FormEvent) => void; children: ReactNode; minor?: boolean }) {
  const heading = useId();
  return (
    <section aria-labelledby={heading} className="cartable-console-form">
      <h2 id={heading} className={minor ? 'fr-h5' : undefined}>
        {title}
      </h2>
      <form onSubmit={onSubmit}>{children}</form>
    </section>
  );
}
