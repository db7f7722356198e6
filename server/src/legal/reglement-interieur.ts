import type { AssemblyRole, AssemblyRules } from './assembly-rules.js';

/**
 * What a body's règlement intérieur may add to the law, as dated settings (docs/legal-rules.md, last
 * section): each setting applies from its `validFrom` (the body's local date) until a later one, so a
 * past séance keeps the setting of its day. Only what the law leaves to the body, and never looser:
 * a pouvoir limit stricter than L2121-20's three séances, and a quorum for commissions (which have none
 * by law). No database here: the caller passes the body's settings.
 */
export interface ReglementInterieurSetting {
  validFrom: string;
  /** Where the règlement intérieur says it, e.g. « Règlement intérieur, art. 14 ». */
  reference: string;
  /** At most this many consecutive séances for one pouvoir (1 to 3); null: the law's. */
  proxyMaxConsecutiveSeances: number | null;
  /** Commissions deliberate only with the majority of their voting members present. */
  commissionQuorum: boolean;
}

/** The setting in force on a local date: the latest whose validFrom is not after it, or none. */
export function settingOn(date: string, settings: readonly ReglementInterieurSetting[]): ReglementInterieurSetting | null {
  return (
    settings
      .filter((setting) => setting.validFrom <= date)
      .sort((left, right) => left.validFrom.localeCompare(right.validFrom))
      .at(-1) ?? null
  );
}

/** The law's rules of an assembly with the body's règlement intérieur in force that day applied (never looser). */
export function withReglementInterieur<Rules extends AssemblyRules>(
  rules: Rules,
  role: AssemblyRole,
  setting: ReglementInterieurSetting | null,
): Rules {
  if (!setting) return rules;
  const lawLimit = rules.proxy.maxConsecutiveSeances;
  const stricter = lawLimit !== null && setting.proxyMaxConsecutiveSeances !== null && setting.proxyMaxConsecutiveSeances < lawLimit;
  const proxy = stricter
    ? {
        ...rules.proxy,
        maxConsecutiveSeances: setting.proxyMaxConsecutiveSeances,
        article: `${rules.proxy.article} ; ${setting.reference}`,
      }
    : rules.proxy;
  const quorum =
    role === 'COMMISSION' && setting.commissionQuorum && !rules.quorum.statutory
      ? {
          statutory: true as const,
          countsProxies: false,
          article: setting.reference,
          description: 'Quorum fixé par le règlement intérieur : majorité des membres en exercice ayant voix délibérative présents.',
        }
      : rules.quorum;
  return { ...rules, proxy, quorum };
}
