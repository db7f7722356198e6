import { Select } from '@codegouvfr/react-dsfr/Select';

interface Holder {
  personId: string;
  displayName: string;
}

/** Who holds an official's proxy: a required choice among `holders`, `placeholder` until one is chosen. */
export function ProxyHolderSelect({
  label,
  hint,
  placeholder,
  holders,
  value,
  onChange,
  name,
  error,
}: {
  label: string;
  hint?: string;
  placeholder: string;
  holders: Holder[];
  value: string;
  onChange: (personId: string) => void;
  /** The control's name, for a form's inline errors, and the error to show under it. */
  name?: string;
  error?: string;
}) {
  return (
    <Select
      label={label}
      hint={hint}
      state={error ? 'error' : 'default'}
      stateRelatedMessage={error}
      nativeSelectProps={{ name, value, onChange: (event) => onChange(event.target.value), required: true }}
    >
      <option value="" disabled>
        {placeholder}
      </option>
      {holders.map((holder) => (
        <option key={holder.personId} value={holder.personId}>
          {holder.displayName}
        </option>
      ))}
    </Select>
  );
}
