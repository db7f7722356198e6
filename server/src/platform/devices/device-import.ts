import type { EntityManager } from '@mikro-orm/postgresql';
import { CsvSyntaxError, parseCsv } from '../../common/csv.js';
import type { Device } from './device.entity.js';
import { duplicateSerialMessage, insertDevices, invalidSerialMessage, serialNumberPattern, type NewDevice } from './device.service.js';

export interface ImportRowError {
  /** Line of the file (the header is line 1). */
  line: number;
  serialNumber: string | null;
  message: string;
}

export const maxImportRows = 5_000;
/** Characters of an import file: its rows at 200 characters each. */
export const maxImportLength = maxImportRows * 200;

/** Header names as people write them, normalised: lower case, no accents, `_` between words. */
const normalise = (header: string) =>
  header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');

const columns = {
  serialNumber: ['numero_de_serie', 'numero_serie', 'n_de_serie', 'no_de_serie', 'serie', 'serial_number', 'serial'],
  model: ['modele', 'model'],
  purchasedOn: ['date_d_achat', 'date_achat', 'achat', 'purchased_on'],
  notes: ['notes', 'note', 'remarques', 'commentaire', 'commentaires'],
} as const;

/** `2026-03-14` or `14/03/2026`, and a real calendar day; null otherwise. */
function parseDay(value: string): string | null {
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  const iso = french ? `${french[3]}-${french[2]}-${french[1]}` : value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/**
 * Reads an inventory file: a header naming the columns (numéro de série, modèle, and optionally date
 * d'achat and notes — in any order, `;` or `,` separated), then one device per line. Every problem is
 * reported with its line; the devices are only valid together.
 */
export function readDeviceCsv(text: string): { rows: { line: number; device: NewDevice }[]; errors: ImportRowError[] } {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      return { rows: [], errors: [{ line: error.line, serialNumber: null, message: `Fichier CSV illisible : ${error.message}.` }] };
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) return { rows: [], errors: [{ line: 1, serialNumber: null, message: 'Le fichier est vide.' }] };
  const names = header.fields.map(normalise);
  const position = (accepted: readonly string[]) => names.findIndex((name) => accepted.includes(name));
  const at = {
    serialNumber: position(columns.serialNumber),
    model: position(columns.model),
    purchasedOn: position(columns.purchasedOn),
    notes: position(columns.notes),
  };
  if (at.serialNumber < 0 || at.model < 0) {
    return {
      rows: [],
      errors: [
        {
          line: header.line,
          serialNumber: null,
          message: 'L’en-tête doit nommer au moins les colonnes « numéro de série » et « modèle ».',
        },
      ],
    };
  }
  if (rows.length > maxImportRows) {
    return {
      rows: [],
      errors: [{ line: rows[maxImportRows]!.line, serialNumber: null, message: `Au plus ${maxImportRows} tablettes par import.` }],
    };
  }
  const devices: { line: number; device: NewDevice }[] = [];
  const errors: ImportRowError[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const cell = (index: number) => (index >= 0 ? (row.fields[index] ?? '').trim() : '');
    const serialNumber = cell(at.serialNumber);
    const fail = (message: string) => errors.push({ line: row.line, serialNumber: serialNumber || null, message });
    if (row.fields.length !== header.fields.length) {
      fail(`${row.fields.length} colonnes au lieu de ${header.fields.length}.`);
      continue;
    }
    if (!serialNumberPattern.test(serialNumber)) {
      fail(invalidSerialMessage);
      continue;
    }
    const model = cell(at.model);
    if (model.length < 1 || model.length > 200) fail('Le modèle est obligatoire (200 caractères au plus).');
    const purchased = cell(at.purchasedOn);
    const purchasedOn = purchased ? parseDay(purchased) : null;
    if (purchased && !purchasedOn) fail(`Date d’achat invalide : « ${purchased} » (attendu JJ/MM/AAAA ou AAAA-MM-JJ).`);
    const notes = cell(at.notes);
    if (notes.length > 2000) fail('Notes trop longues (2 000 caractères au plus).');
    const first = seen.get(serialNumber.toUpperCase());
    if (first !== undefined) fail(`Numéro de série en double avec la ligne ${first}.`);
    else seen.set(serialNumber.toUpperCase(), row.line);
    devices.push({ line: row.line, device: { serialNumber, model, purchasedOn, notes: notes || null } });
  }
  return { rows: devices, errors };
}

/**
 * Imports an inventory file, all or nothing: when any line is wrong (including a serial number already
 * inventoried), nothing is imported and every wrong line is reported, so the corrected file can be
 * imported as a whole.
 */
export async function importDevices(em: EntityManager, text: string): Promise<{ devices: Device[]; errors: ImportRowError[] }> {
  const { rows, errors } = readDeviceCsv(text);
  const known = await em.execute<{ serial: string }[]>(
    'select upper(serial_number) as serial from device where upper(serial_number) = any (array[?]::text[])',
    [rows.map((row) => row.device.serialNumber.toUpperCase())],
  );
  const inventoried = new Set(known.map((row) => row.serial));
  for (const { line, device } of rows) {
    if (inventoried.has(device.serialNumber.toUpperCase()))
      errors.push({ line, serialNumber: device.serialNumber, message: duplicateSerialMessage });
  }
  if (errors.length > 0) return { devices: [], errors: errors.sort((a, b) => a.line - b.line) };
  return {
    devices: await insertDevices(
      em,
      rows.map((row) => row.device),
    ),
    errors: [],
  };
}
