import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { useIsDark } from '@codegouvfr/react-dsfr/useIsDark';
import { useState } from 'react';
import { messages } from '../i18n/messages.ts';

const m = messages.identity.theme;
const schemes = ['light', 'dark', 'system'] as const;
type Scheme = (typeof schemes)[number];

/** The scheme chosen on this device: the design system keeps it (`localStorage.scheme`) and sets it on `<html>` at start. */
function currentScheme(): Scheme {
  const value = document.documentElement.getAttribute('data-fr-scheme');
  return schemes.find((scheme) => scheme === value) ?? 'system';
}

/** Light, dark, or as the system says: applied at once, remembered on this device. */
export function ThemeSetting() {
  const { setIsDark } = useIsDark();
  const [scheme, setScheme] = useState(currentScheme);
  const choose = (choice: Scheme) => {
    setScheme(choice);
    setIsDark(choice === 'system' ? 'system' : choice === 'dark');
  };
  return (
    <RadioButtons
      legend={m.legend}
      name="cartable-theme"
      orientation="horizontal"
      small
      className="cartable-theme"
      options={schemes.map((choice) => ({
        label: m[choice],
        nativeInputProps: { value: choice, checked: scheme === choice, onChange: () => choose(choice) },
      }))}
    />
  );
}
