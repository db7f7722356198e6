import { describe, expect, it } from 'vitest';
import { assemblyRules } from '../../src/legal/assembly-rules.js';
import { proxyNotice } from '../../src/legal/proxy-rules.js';
import { settingOn, withReglementInterieur, type ReglementInterieurSetting } from '../../src/legal/reglement-interieur.js';

const strict: ReglementInterieurSetting = {
  validFrom: '2026-09-01',
  reference: 'Règlement intérieur, art. 14',
  proxyMaxConsecutiveSeances: 2,
  commissionQuorum: true,
};
const loose: ReglementInterieurSetting = {
  validFrom: '2027-01-01',
  reference: 'Règlement intérieur, art. 14',
  proxyMaxConsecutiveSeances: null,
  commissionQuorum: false,
};

describe('the règlement intérieur as dated settings', () => {
  it('picks the setting in force on the séance’s day, none before the first', () => {
    expect(settingOn('2026-08-31', [strict, loose])).toBeNull();
    expect(settingOn('2026-09-01', [loose, strict])).toBe(strict);
    expect(settingOn('2027-03-01', [strict, loose])).toBe(loose);
  });

  it('L2121-20: a stricter pouvoir limit applies, citing both texts; never a looser one', () => {
    const commune = assemblyRules('COMMUNE', 'CONSEIL_MUNICIPAL', '2026-10-01');
    const applied = withReglementInterieur(commune, 'COUNCIL', strict);
    expect(applied.proxy).toEqual({ article: 'CGCT L2121-20 ; Règlement intérieur, art. 14', perHolder: 1, maxConsecutiveSeances: 2 });
    expect(proxyNotice(applied.proxy)).toContain('plus de 2 séances consécutives');
    expect(withReglementInterieur(commune, 'COUNCIL', { ...strict, proxyMaxConsecutiveSeances: 5 }).proxy).toEqual(commune.proxy);
    // L3121-16: a département's délégation is per réunion; no series to shorten.
    const departement = assemblyRules('DEPARTEMENT', 'CONSEIL_DEPARTEMENTAL', '2026-10-01');
    expect(withReglementInterieur(departement, 'COUNCIL', strict).proxy).toEqual(departement.proxy);
  });

  it('L2121-22: a commission has no quorum by law; the règlement intérieur may set one, and never replaces a council’s', () => {
    const commission = assemblyRules('COMMUNE', 'COMMISSION', '2026-10-01');
    expect(withReglementInterieur(commission, 'COMMISSION', strict).quorum).toMatchObject({
      statutory: true,
      countsProxies: false,
      article: 'Règlement intérieur, art. 14',
    });
    expect(withReglementInterieur(commission, 'COMMISSION', loose).quorum).toEqual(commission.quorum);
    const council = assemblyRules('COMMUNE', 'CONSEIL_MUNICIPAL', '2026-10-01');
    expect(withReglementInterieur(council, 'COUNCIL', strict).quorum).toEqual(council.quorum);
  });
});
