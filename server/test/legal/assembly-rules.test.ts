import { describe, expect, it } from 'vitest';
import { applicableDelay } from '../../src/legal/convocation-rules.js';
import { assemblyRules, assemblyRuleSets, type AssemblyRuleSet } from '../../src/legal/assembly-rules.js';
import { assemblyKinds, bodyKinds } from '../../src/legal/kinds.js';

describe('assembly rules as dated data', () => {
  it('holds a rule set for every body kind and every assembly kind, each citing an article unless no text applies', () => {
    for (const bodyKind of bodyKinds) {
      for (const assemblyKind of assemblyKinds) {
        const rules = assemblyRules(bodyKind, assemblyKind, '2026-03-12');
        expect(rules.validFrom).toBe('2020-01-01');
        expect(rules.proxy.article).toMatch(/^CGCT L/);
        expect(rules.quorum.statutory).toBe(assemblyKind !== 'COMMISSION');
        expect(rules.quorum.article === null).toBe(assemblyKind === 'COMMISSION');
      }
    }
  });

  it('applies the latest set whose validFrom is not after the meeting’s date, and refuses a date before any', () => {
    const later: AssemblyRuleSet = { validFrom: '2027-01-01', rules: structuredClone(assemblyRuleSets[0]!.rules) };
    later.rules.COMMUNE.COUNCIL.proxy = { ...later.rules.COMMUNE.COUNCIL.proxy, maxConsecutiveSeances: 2 };
    const sets = [...assemblyRuleSets, later];
    expect(assemblyRules('COMMUNE', 'CONSEIL_MUNICIPAL', '2026-12-31', sets).proxy.maxConsecutiveSeances).toBe(3);
    expect(assemblyRules('COMMUNE', 'CONSEIL_MUNICIPAL', '2027-01-01', sets)).toMatchObject({
      validFrom: '2027-01-01',
      proxy: { maxConsecutiveSeances: 2 },
    });
    expect(() => assemblyRules('COMMUNE', 'CONSEIL_MUNICIPAL', '2019-12-31')).toThrow('No rules in force on 2019-12-31');
  });

  it('L2121-11, L3121-19, L4132-18: the urgency sentence names who reports it and the body’s own article', () => {
    expect(assemblyRules('COMMUNE', 'CONSEIL_MUNICIPAL', '2026-03-12').urgency.text).toContain(
      'le maire en rend compte dès l’ouverture de la séance au conseil municipal',
    );
    expect(assemblyRules('COMMUNE', 'CONSEIL_MUNICIPAL', '2026-03-12').urgency.article).toBe('CGCT L2121-11, L2121-12');
    expect(assemblyRules('DEPARTEMENT', 'CONSEIL_DEPARTEMENTAL', '2026-03-12').urgency).toMatchObject({ article: 'CGCT L3121-19' });
    expect(assemblyRules('DEPARTEMENT', 'CONSEIL_DEPARTEMENTAL', '2026-03-12').urgency.text).toContain(
      'le président en rend compte dès l’ouverture de la séance au conseil départemental',
    );
    expect(assemblyRules('REGION', 'CONSEIL_REGIONAL', '2026-03-12').urgency.article).toBe('CGCT L4132-18');
    expect(assemblyRules('EPCI', 'CONSEIL_COMMUNAUTAIRE', '2026-03-12').urgency.article).toBe('CGCT L2121-12 (par L5211-1)');
    expect(assemblyRules('COMMUNE', 'COMMISSION', '2026-03-12').urgency.article).toBeNull();
  });

  it('L2121-10, L3121-19, L4132-18: the agenda and explanatory-document articles are the body’s own', () => {
    expect(assemblyRules('COMMUNE', 'CONSEIL_MUNICIPAL', '2026-03-12')).toMatchObject({
      agendaArticle: 'CGCT L2121-10',
      synthesisArticle: 'CGCT L2121-12',
    });
    expect(assemblyRules('DEPARTEMENT', 'CONSEIL_DEPARTEMENTAL', '2026-03-12')).toMatchObject({
      agendaArticle: 'CGCT L3121-19',
      synthesisArticle: 'CGCT L3121-19',
    });
    expect(assemblyRules('REGION', 'COMMISSION_PERMANENTE', '2026-03-12')).toMatchObject({ agendaArticle: 'CGCT L4132-18' });
    expect(assemblyRules('COMMUNE', 'COMMISSION', '2026-03-12')).toMatchObject({ agendaArticle: null, synthesisArticle: null });
  });

  it('L3121-19, L4132-18: urgency shortens a département’s or région’s delay under its own article', () => {
    const urgent = (bodyKind: 'DEPARTEMENT' | 'REGION' | 'COMMUNE') =>
      applicableDelay({ bodyKind, population: 1_000, meetingDate: '2026-03-12', urgent: true });
    expect(urgent('DEPARTEMENT')).toMatchObject({ clearDays: 1, article: 'urgence — CGCT L3121-19' });
    expect(urgent('REGION')).toMatchObject({ clearDays: 1, article: 'urgence — CGCT L4132-18' });
    expect(urgent('COMMUNE')).toMatchObject({ clearDays: 1, article: 'urgence — CGCT L2121-11, L2121-12' });
  });
});
