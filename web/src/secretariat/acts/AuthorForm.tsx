import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { useId, useState } from 'react';
import { messages } from '../messages.ts';
import { useFieldErrors } from '../../ui/form-errors.ts';

const m = messages.secretariat.acts.publish;

/** The author's name and quality an act or a PV is published with (`article`: what the publication states, for the body's kind). */
export function AuthorForm({
  article,
  busy,
  onPublish,
}: {
  article: string | null;
  busy: boolean;
  onPublish: (author: { name: string; quality: string }) => void;
}) {
  const [name, setName] = useState('');
  const [quality, setQuality] = useState('');
  const heading = useId();
  const fields = useFieldErrors();
  return (
    <form
      noValidate
      onInput={fields.onInput}
      aria-labelledby={heading}
      className="cartable-console-form fr-mt-2w"
      onSubmit={(event) => {
        event.preventDefault();
        if (!fields.check(event.currentTarget)) return;
        onPublish({ name, quality });
      }}
    >
      <h5 id={heading} className="fr-h6">
        {m.title}
      </h5>
      <p className="fr-hint-text">{m.hint(article)}</p>
      <div className="cartable-inline-fields">
        <Input
          label={m.name}
          {...fields.field('authorName')}
          nativeInputProps={{
            name: 'authorName',
            required: true,
            maxLength: 200,
            value: name,
            onChange: (event) => setName(event.target.value),
          }}
        />
        <Input
          label={m.quality}
          {...fields.field('authorQuality')}
          nativeInputProps={{
            name: 'authorQuality',
            required: true,
            maxLength: 200,
            value: quality,
            onChange: (event) => setQuality(event.target.value),
          }}
        />
      </div>
      <Button type="submit" size="small" disabled={busy}>
        {m.submit}
      </Button>
    </form>
  );
}
