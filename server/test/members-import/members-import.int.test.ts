import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importLimits } from '../../src/body/members-import/members-csv.js';
import { startHarness, type TestHarness } from '../helpers/harness.js';

let harness: TestHarness;
let secretariat: string;
let bodyId: string;

type Line = {
  line: number;
  mergedLines: number[];
  familyName: string;
  email: string;
  birthDate: string | null;
  groupName: string | null;
  assemblyName: string | null;
  role: string;
  errors: string[];
};
type Preview = { format: string; lines: Line[]; linesWithErrors: number; newGroups: string[] };
const previewMutation = `mutation ($bodyId: UUID!, $csv: String!) { previewMembersImport(bodyId: $bodyId, csv: $csv) {
  format linesWithErrors newGroups lines { line mergedLines familyName email birthDate groupName assemblyName role errors } } }`;
const importMutation =
  'mutation ($bodyId: UUID!, $csv: String!) { importMembers(bodyId: $bodyId, csv: $csv) { format imported linkedExistingAccounts groupsCreated } }';
const stateQuery = `{ body(slug: "ville-besancon") { members { person { email displayName } } politicalGroups { name shortName color memberIds }
  assemblies { name members { personId displayName role } } } }`;
type State = {
  body: {
    members: { person: { email: string; displayName: string } }[];
    politicalGroups: { name: string; shortName: string; color: string; memberIds: string[] }[];
    assemblies: { name: string; members: { personId: string; displayName: string; role: string }[] }[];
  };
};

const preview = (csv: string, token = secretariat) =>
  harness.graphql<{ previewMembersImport: Preview }>(previewMutation, { bodyId, csv }, token);
const runImport = (csv: string, token = secretariat) =>
  harness.graphql<{ importMembers: { format: string; imported: number; linkedExistingAccounts: number; groupsCreated: string[] } }>(
    importMutation,
    { bodyId, csv },
    token,
  );
const state = async () => (await harness.graphql<State>(stateQuery, {}, secretariat)).data!.body;

const header = 'Nom;Prénom;Courriel;Date de naissance;Groupe;Assemblée;Fonction';

beforeAll(async () => {
  harness = await startHarness({ environment: { JOBS_CONCURRENCY: '0' } });
  secretariat = await harness.token('secretariat.ville');
  bodyId = (await harness.graphql<{ body: { id: string } }>('{ body(slug: "ville-besancon") { id } }', {}, secretariat)).data!.body.id;
});
afterAll(() => harness?.close());

describe('importing members from our CSV template', () => {
  const faulty = [
    header,
    'Roux;Léa;lea.roux@example.org;12/05/1975;Besançon Écologie;Conseil municipal;Membre',
    'Garnier;;paul.garnier@example.org;31/02/1980;;;',
    'Blanc;Hugo;LEA.ROUX@example.org;;;;',
    'Roux;Léa;lea.roux2@example.org;12/05/1975;;;',
    'Martin;Claire;claire.martin@demo.cartable.fr;;;;',
    'Noir;Yves;yves.noir@example.org;;;Conseil des sages;Trésorier',
    'Petit;Ana;pas-une-adresse;;;;Suppléant',
  ].join('\n');

  it('shows each line with its own French errors, and writes nothing', async () => {
    const before = await state();
    const result = await preview(faulty);
    expect(result.errors).toBeUndefined();
    const { format, lines, linesWithErrors, newGroups } = result.data!.previewMembersImport;
    expect(format).toBe('CARTABLE');
    expect(newGroups).toEqual(['Besançon Écologie']);
    expect(lines.map((line) => [line.line, line.errors])).toEqual([
      [2, []],
      [3, ['Prénom manquant.', 'Date de naissance invalide : « 31/02/1980 » (attendu JJ/MM/AAAA).']],
      [4, ['Adresse électronique déjà présente ligne 2.']],
      [5, ['Mêmes nom, prénom et date de naissance que la ligne 2.']],
      [6, ['Déjà membre de l’organisme (claire.martin@demo.cartable.fr).']],
      [7, ['Fonction inconnue : « Trésorier » (Président, Vice-président ou Membre).', 'Assemblée inconnue : « Conseil des sages ».']],
      [
        8,
        [
          'Adresse électronique invalide : « pas-une-adresse ».',
          'Les suppléants s’ajoutent depuis la composition de l’assemblée, avec leur titulaire.',
        ],
      ],
    ]);
    expect(linesWithErrors).toBe(6);
    expect(lines[0]).toMatchObject({
      birthDate: '1975-05-12',
      groupName: 'Besançon Écologie',
      assemblyName: 'Conseil municipal',
      role: 'MEMBRE',
    });
    expect(await state()).toEqual(before);
  });

  it('refuses the whole file while any line is wrong: not even its good lines are imported', async () => {
    const before = await state();
    const result = await runImport(faulty);
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'IMPORT_HAS_ERRORS' });
    expect(result.errors![0]!.message).toBe('Le fichier contient des erreurs sur 6 lignes : rien n’a été importé.');
    expect((result.errors![0]!.extensions!.lines as { line: number }[]).map((line) => line.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(await state()).toEqual(before);
  });

  it('imports all the lines once fixed: members, seats, a group created and assigned; the same person again is a duplicate', async () => {
    const fixed = [
      header,
      'Roux;Léa;lea.roux@example.org;12/05/1975;Besançon Écologie;Conseil municipal;Vice-présidente',
      'Garnier;Paul;paul.garnier@example.org;28/02/1980;besançon écologie;;',
      // Already a Cartable user through another body: linked, not duplicated.
      'Kessler;Marc;secretariat.doubs@demo.cartable.fr;;;;',
    ].join('\r\n');
    expect((await preview(fixed)).data!.previewMembersImport.linesWithErrors).toBe(0);
    const result = await runImport(fixed);
    expect(result.errors).toBeUndefined();
    expect(result.data!.importMembers).toEqual({
      format: 'CARTABLE',
      imported: 3,
      linkedExistingAccounts: 1,
      groupsCreated: ['Besançon Écologie'],
    });

    const after = await state();
    expect(after.members.map((member) => member.person.email)).toEqual(
      expect.arrayContaining(['lea.roux@example.org', 'paul.garnier@example.org', 'secretariat.doubs@demo.cartable.fr']),
    );
    const council = after.assemblies.find((assembly) => assembly.name === 'Conseil municipal')!;
    const lea = council.members.find((member) => member.displayName === 'Léa Roux')!;
    expect(lea.role).toBe('VICE_PRESIDENT');
    const group = after.politicalGroups.find((candidate) => candidate.name === 'Besançon Écologie')!;
    expect(group).toMatchObject({ shortName: 'BÉ', color: '#1F5FAD' });
    expect(group.memberIds).toHaveLength(2);
    expect(group.memberIds).toContain(lea.personId);

    // Under another email, but the same name and birth date: a duplicate of an existing member.
    const again = await preview(`${header}\nROUX;Léa;l.roux@example.org;1975-05-12;;;`);
    expect(again.data!.previewMembersImport.lines[0]!.errors).toEqual([
      'Une personne de mêmes nom, prénom et date de naissance est déjà membre de l’organisme.',
    ]);
  });
});

describe('importing from the Répertoire national des élus', () => {
  it('reads the published layout: one line per person (several functions folded), the maire presides the council, groups created', async () => {
    const csv = await readFile(new URL('../fixtures/rne-conseillers-municipaux.csv', import.meta.url), 'utf8');
    const planned = (await preview(csv)).data!.previewMembersImport;
    expect(planned.format).toBe('RNE');
    expect(planned.lines.map((line) => [line.line, line.familyName, line.role, line.mergedLines, line.assemblyName, line.errors])).toEqual([
      [2, 'FAIVRE', 'PRESIDENT', [], 'Conseil municipal', []],
      [3, 'PERRIN', 'VICE_PRESIDENT', [4], 'Conseil municipal', []],
      [5, 'MOREL', 'MEMBRE', [], 'Conseil municipal', []],
    ]);
    expect(planned.newGroups).toEqual(['Besançon en commun', 'Agir pour Besançon']);

    const result = await runImport(csv);
    expect(result.errors).toBeUndefined();
    expect(result.data!.importMembers).toMatchObject({ format: 'RNE', imported: 3 });
    const council = (await state()).assemblies.find((assembly) => assembly.name === 'Conseil municipal')!;
    expect(council.members.find((member) => member.displayName === 'Hélène FAIVRE')!.role).toBe('PRESIDENT');
  });

  it('wants an email column, and one commune per file', async () => {
    const csv = (await readFile(new URL('../fixtures/rne-conseillers-municipaux.csv', import.meta.url), 'utf8'))
      .replace('lucas.perrin@rne.example', '')
      .replace(';25056;Besançon;MOREL', ';25462;Montbéliard;MOREL');
    const lines = (await preview(csv)).data!.previewMembersImport.lines;
    expect(lines.find((line) => line.line === 3)!.errors).toContain(
      'Adresse électronique manquante : le RNE n’en donne pas, ajoutez une colonne « Courriel ».',
    );
    expect(lines.find((line) => line.familyName === 'MOREL')!.errors).toContain(
      'Autre commune (25462) que celle de la ligne 2 (25056) : importez une commune à la fois.',
    );
  });
});

describe('what makes a file unreadable', () => {
  it('answers a typed French error for size, rows, columns and syntax, and writes nothing', async () => {
    const cases: [string, string][] = [
      [`${header}\n${'Nom;Prénom;a@b.fr;;;;\n'.repeat(importLimits.maxRows + 1)}`, 'IMPORT_TOO_MANY_ROWS'],
      [`${header}\nRoux;Léa;lea@example.org;;;;${' '.repeat(importLimits.maxBytes)}`, 'IMPORT_TOO_LARGE'],
      ['Nom;Courriel\nRoux;lea@example.org', 'IMPORT_COLUMNS'],
      [`${header}\n"Roux;Léa;lea@example.org;;;;`, 'IMPORT_SYNTAX'],
      [header, 'IMPORT_EMPTY'],
    ];
    for (const [csv, reason] of cases) {
      const result = await preview(csv);
      expect(result.errors?.[0]?.extensions, reason).toMatchObject({ code: 'BAD_USER_INPUT', reason });
      expect((await runImport(csv)).errors?.[0]?.extensions).toMatchObject({ reason });
    }
    expect((await preview('Nom;Courriel\nRoux;x')).errors![0]!.message).toBe('Colonnes manquantes : « Prénom ».');
  });

  it("is the secretariat's: an official is answered as if the body did not exist", async () => {
    const claire = await harness.token('claire.martin');
    const result = await preview(`${header}\nRoux;Léa;lea.other@example.org;;;;`, claire);
    expect(result.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });
});
