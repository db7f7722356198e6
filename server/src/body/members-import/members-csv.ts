import { CsvSyntaxError, parseCsv, type CsvRecord } from '../../common/csv.js';
import { BadUserInputError } from '../../common/errors.js';
import type { AssemblyRole } from '../assemblies/assembly-member.entity.js';

/**
 * What an import accepts: bytes of the file (UTF-8) and data lines (the header excluded). 200 Kio holds
 * 2,000 lines of the RNE layout and fits, as JSON, in the default HTTP body limit (HTTP_BODY_LIMIT_KB, 256).
 */
export const importLimits = { maxBytes: 200 * 1024, maxRows: 2_000 } as const;

/**
 * The two layouts read:
 * - CARTABLE, our template: « Nom », « Prénom », « Courriel », and optionally « Date de naissance »,
 *   « Groupe », « Sigle du groupe », « Assemblée », « Fonction », « Début du mandat », « Fin du mandat ».
 * - RNE, the Répertoire national des élus as the ministère de l'Intérieur publishes it (one file per
 *   mandate; conseillers municipaux: « Code du département », « Libellé du département », « Code de la
 *   collectivité à statut particulier », « Libellé de la collectivité à statut particulier », « Code de la
 *   commune », « Libellé de la commune », « Nom de l'élu », « Prénom de l'élu », « Code sexe », « Date de
 *   naissance », « Code de la catégorie socio-professionnelle », « Libellé de la catégorie
 *   socio-professionnelle », « Date de début du mandat », « Libellé de la fonction », « Date de début de la
 *   fonction », « Code nationalité »). The RNE carries no email address: the secretariat adds a
 *   « Courriel » column (and may add « Groupe »), every other column is read by its name, so their order
 *   and any extra columns do not matter.
 * Unsure, hence lenient: the published files have used `;` and dates as JJ/MM/AAAA, and some re-publications
 * `,` and ISO dates — both are read; and function labels vary in case and gender (« Maire », « Adjoint au
 * maire », « Maire délégué »...), so only « Maire »/« Président... » and « Adjoint... »/« Vice-président... »
 * are told apart, anything else is a plain member.
 */
export const importFormats = ['CARTABLE', 'RNE'] as const;
export type ImportFormat = (typeof importFormats)[number];

export interface ImportRow {
  line: number;
  familyName: string;
  givenName: string;
  email: string;
  birthDate: string | null;
  groupName: string | null;
  groupShortName: string | null;
  assemblyName: string | null;
  role: AssemblyRole;
  mandateStart: string | null;
  mandateEnd: string | null;
  /** RNE: « Code de la commune », to check the file is about one commune. */
  communeCode: string | null;
  errors: string[];
}

const normalize = (header: string) =>
  header.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’']/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();

const columns = {
  CARTABLE: {
    familyName: 'nom',
    givenName: 'prenom',
    email: 'courriel',
    birthDate: 'date de naissance',
    groupName: 'groupe',
    groupShortName: 'sigle du groupe',
    assemblyName: 'assemblee',
    role: 'fonction',
    mandateStart: 'debut du mandat',
    mandateEnd: 'fin du mandat',
    communeCode: null,
  },
  RNE: {
    familyName: "nom de l'elu",
    givenName: "prenom de l'elu",
    email: 'courriel',
    birthDate: 'date de naissance',
    groupName: 'groupe',
    groupShortName: 'sigle du groupe',
    assemblyName: null,
    role: 'libelle de la fonction',
    mandateStart: 'date de debut du mandat',
    mandateEnd: null,
    communeCode: 'code de la commune',
  },
} as const satisfies Record<ImportFormat, Record<string, string | null>>;

type Column = keyof (typeof columns)['CARTABLE'];
const required = ['familyName', 'givenName', 'email'] as const satisfies readonly Column[];

/** A date written JJ/MM/AAAA or AAAA-MM-JJ, as YYYY-MM-DD; undefined when it is not a calendar date. */
export function parseFrenchDate(text: string): string | undefined {
  const match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = text.includes('/') ? [match[3], match[2], match[1]] : [match[1], match[2], match[3]];
  const iso = `${year}-${month}-${day}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

function roleOf(format: ImportFormat, label: string): AssemblyRole | undefined {
  const text = normalize(label);
  if (format === 'RNE') {
    if (text === 'maire' || text.startsWith('president')) return 'PRESIDENT';
    if (text.startsWith('adjoint') || text.startsWith('vice-president')) return 'VICE_PRESIDENT';
    return 'MEMBRE';
  }
  if (!text || text === 'membre') return 'MEMBRE';
  if (text === 'president' || text === 'presidente') return 'PRESIDENT';
  if (text === 'vice-president' || text === 'vice-presidente') return 'VICE_PRESIDENT';
  return undefined;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function readRow(format: ImportFormat, record: CsvRecord, index: Map<Column, number>): ImportRow {
  const errors: string[] = [];
  const cell = (column: Column) => {
    const at = index.get(column);
    return at === undefined ? '' : (record.fields[at] ?? '').trim();
  };
  const date = (column: Column, label: string) => {
    const text = cell(column);
    if (!text) return null;
    const iso = parseFrenchDate(text);
    if (!iso) errors.push(`${label} invalide : « ${text} » (attendu JJ/MM/AAAA).`);
    return iso ?? null;
  };
  const familyName = cell('familyName');
  const givenName = cell('givenName');
  const email = cell('email');
  if (!familyName) errors.push('Nom manquant.');
  if (!givenName) errors.push('Prénom manquant.');
  if (familyName.length > 200 || givenName.length > 200) errors.push('Nom ou prénom trop long (200 caractères au plus).');
  if (!email)
    errors.push(
      format === 'RNE'
        ? 'Adresse électronique manquante : le RNE n’en donne pas, ajoutez une colonne « Courriel ».'
        : 'Adresse électronique manquante.',
    );
  else if (!emailPattern.test(email) || email.length > 254) errors.push(`Adresse électronique invalide : « ${email} ».`);
  const birthDate = date('birthDate', 'Date de naissance');
  const mandateStart = date('mandateStart', 'Début du mandat');
  const mandateEnd = date('mandateEnd', 'Fin du mandat');
  if (mandateStart && mandateEnd && mandateEnd < mandateStart) errors.push('La fin du mandat précède son début.');
  const roleLabel = cell('role');
  const role = roleOf(format, roleLabel);
  if (!role) {
    errors.push(
      normalize(roleLabel).startsWith('suppleant')
        ? 'Les suppléants s’ajoutent depuis la composition de l’assemblée, avec leur titulaire.'
        : `Fonction inconnue : « ${roleLabel} » (Président, Vice-président ou Membre).`,
    );
  }
  const groupName = cell('groupName') || null;
  const groupShortName = cell('groupShortName') || null;
  if (groupName && groupName.length > 200) errors.push('Nom de groupe trop long (200 caractères au plus).');
  if (groupShortName && groupShortName.length > 30) errors.push('Sigle de groupe trop long (30 caractères au plus).');
  if (groupShortName && !groupName) errors.push('Sigle de groupe sans nom de groupe.');
  return {
    line: record.line,
    familyName,
    givenName,
    email,
    birthDate,
    groupName,
    groupShortName,
    assemblyName: cell('assemblyName') || null,
    role: role ?? 'MEMBRE',
    mandateStart,
    mandateEnd,
    communeCode: cell('communeCode') || null,
    errors,
  };
}

const tooLarge = (message: string, reason: string) => new BadUserInputError(message, { reason });

/**
 * Reads an import file: its layout from its header, then every data line with its own French errors
 * (none thrown for a line). What makes the whole file unreadable — size, syntax, missing columns — is a
 * BAD_USER_INPUT with a `reason`.
 */
export function readMembersCsv(text: string): { format: ImportFormat; rows: ImportRow[] } {
  if (Buffer.byteLength(text, 'utf8') > importLimits.maxBytes) {
    throw tooLarge(`Fichier trop volumineux : ${importLimits.maxBytes / 1024} Kio au plus.`, 'IMPORT_TOO_LARGE');
  }
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    throw new BadUserInputError(`Ligne ${error.line} : ${error.message}.`, { reason: 'IMPORT_SYNTAX', line: error.line });
  }
  const [header, ...data] = records;
  if (!header || data.length === 0)
    throw new BadUserInputError('Le fichier ne contient aucune ligne à importer.', { reason: 'IMPORT_EMPTY' });
  if (data.length > importLimits.maxRows) {
    throw tooLarge(`Trop de lignes : ${importLimits.maxRows.toLocaleString('fr-FR')} au plus par import.`, 'IMPORT_TOO_MANY_ROWS');
  }
  const headers = header.fields.map(normalize);
  const format: ImportFormat = headers.includes(columns.RNE.familyName) ? 'RNE' : 'CARTABLE';
  const index = new Map<Column, number>();
  for (const [column, name] of Object.entries(columns[format]) as [Column, string | null][]) {
    const at = name === null ? -1 : headers.indexOf(name);
    if (at >= 0) index.set(column, at);
  }
  const missing = required.filter((column) => !index.has(column)).map((column) => `« ${labels[format][column]} »`);
  if (missing.length > 0) {
    throw new BadUserInputError(`Colonnes manquantes : ${missing.join(', ')}.`, { reason: 'IMPORT_COLUMNS' });
  }
  return { format, rows: data.map((record) => readRow(format, record, index)) };
}

const labels: Record<ImportFormat, Record<(typeof required)[number], string>> = {
  CARTABLE: { familyName: 'Nom', givenName: 'Prénom', email: 'Courriel' },
  RNE: { familyName: 'Nom de l’élu', givenName: 'Prénom de l’élu', email: 'Courriel' },
};
