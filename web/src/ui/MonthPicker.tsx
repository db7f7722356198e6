import { Select } from '@codegouvfr/react-dsfr/Select';
import { formatMonth, monthsUpTo } from './calendar.ts';

interface MonthPickerProps {
  label: string;
  hint?: string;
  /** `YYYY-MM`. */
  value: string;
  onChange: (month: string) => void;
  /** The latest month offered (usually the current one), `YYYY-MM`. */
  latest: string;
  /** How many months are offered, back from `latest`. */
  count?: number;
}

/**
 * A month chosen in a list ("novembre 2026"…), latest first: a native select, which every browser and
 * screen reader handles (`<input type="month">` is a bare text field in some browsers).
 */
export function MonthPicker({ label, hint, value, onChange, latest, count = 24 }: MonthPickerProps) {
  const months = monthsUpTo(latest, count);
  return (
    <Select label={label} hint={hint} nativeSelectProps={{ value, onChange: (event) => onChange(event.target.value) }}>
      {(months.includes(value) ? months : [value, ...months]).map((month) => (
        <option key={month} value={month}>
          {formatMonth(month)}
        </option>
      ))}
    </Select>
  );
}
