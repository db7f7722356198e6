/**
 * Overseas departments and collectivities share the French ten-digit plan but not the +33 country code:
 * their numbers are dialled 0XXX… at home and +CCC XXX… from abroad (ARCEP numbering plan).
 */
const overseasCountryCodes: Record<string, string> = {
  '0262': '262', // La Réunion, fixed
  '0269': '262', // Mayotte, fixed
  '0639': '262', // Mayotte, mobile
  '0692': '262', // La Réunion, mobile
  '0693': '262',
  '0508': '508', // Saint-Pierre-et-Miquelon
  '0590': '590', // Guadeloupe, Saint-Martin, Saint-Barthélemy, fixed
  '0690': '590', // … mobile
  '0691': '590',
  '0594': '594', // Guyane, fixed
  '0694': '594', // … mobile
  '0596': '596', // Martinique, fixed
  '0696': '596', // … mobile
  '0697': '596',
};

/** E.164: `+`, a country code that does not start with 0, at most 15 digits in all. */
export function isE164(value: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(value);
}

/**
 * A phone number as people write it, in E.164, or null when it is not one. French numbers may be
 * written the national way (`06 12 34 56 78` → `+33612345678`, overseas numbers get their own country
 * code: `0692 12 34 56` → `+262692123456`); others need their international prefix (`+` or `00`).
 * Spaces, dots, dashes, parentheses and the French trunk `(0)` after +33 are ignored.
 */
export function toE164(input: string): string | null {
  const compact = input
    .trim()
    .replace(/^\+33\s*\(0\)/, '+33')
    .replace(/[\s.\-()]/g, '');
  if (/^0[1-9]\d{8}$/.test(compact)) {
    const countryCode = overseasCountryCodes[compact.slice(0, 4)] ?? '33';
    return `+${countryCode}${compact.slice(1)}`;
  }
  const international = compact.replace(/^00/, '+');
  if (!isE164(international)) return null;
  // French numbers have exactly nine digits after +33 (no trunk 0).
  if (international.startsWith('+33') && !/^\+33[1-9]\d{8}$/.test(international)) return null;
  return international;
}
