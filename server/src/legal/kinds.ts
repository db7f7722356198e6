/**
 * The kinds of body and of assembly the law distinguishes. Declared here, with the rules: every rule
 * table of `legal/` is a `Record` over these kinds, so adding a kind does not compile until its rules
 * are written (docs/legal-rules.md).
 */
export const bodyKinds = ['COMMUNE', 'EPCI', 'SYNDICAT', 'DEPARTEMENT', 'REGION'] as const;
export type BodyKind = (typeof bodyKinds)[number];

export const assemblyKinds = [
  'CONSEIL_MUNICIPAL',
  'CONSEIL_COMMUNAUTAIRE',
  'CONSEIL_DEPARTEMENTAL',
  'CONSEIL_REGIONAL',
  'COMMISSION_PERMANENTE',
  'BUREAU',
  'COMMISSION',
] as const;
export type AssemblyKind = (typeof assemblyKinds)[number];
