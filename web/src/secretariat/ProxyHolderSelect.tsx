import { Select } from '@codegouvfr/react-dsfr/Select';

interface Holder {
  personId: string;
  displayName: string;
}

/** Who holds an official's proxy: a required choice among `holders`, `placeholder` until one is chosen. */
export function ProxyHolderSelect({ label, hint, placeholder, holders, value, onChange }: { label: string; hint?: string; placeholder: string; holders: Holder[]; value: string; onChange: (personId: string) => void }) {
  return (
    <Select label={label} hint={hint} nativeSelectProps={{ value, onChange: (event) => onChange(event.target.value), required: true }}>
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
