import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from '../../src/common/csv.js';
import { readDeviceCsv } from '../../src/platform/devices/device-import.js';

describe('parseCsv', () => {
  it('reads ; separated French spreadsheets with a BOM, CRLF and quoted fields', () => {
    const text =
      '\uFEFFNuméro de série;Modèle;Notes\r\nR52W70A;"Galaxy Tab S9; 128 Go";"dit ""la grise"""\r\n\r\nR52W70B;iPad;"deux\nlignes"\r\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['Numéro de série', 'Modèle', 'Notes'] },
      { line: 2, fields: ['R52W70A', 'Galaxy Tab S9; 128 Go', 'dit "la grise"'] },
      { line: 4, fields: ['R52W70B', 'iPad', 'deux\nlignes'] },
    ]);
  });

  it('takes the separator of the header: comma or tab', () => {
    expect(parseCsv('a,b\n1,2').map((record) => record.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a\tb\n1\t2').map((record) => record.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('refuses an unterminated quote and a quote inside a bare field, naming the line', () => {
    expect(() => parseCsv('a;b\n1;"2\n3;4')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a;b\n1;2\n3;x"y');
    } catch (error) {
      expect(error).toMatchObject({ line: 3 });
    }
    expect.assertions(2);
  });

  it('numbers records by the line they start on, across blank lines, CR, LF and CRLF breaks and quoted breaks', () => {
    expect(parseCsv('a;b\r\n1;"x\r\n\r\ny";"z"\r\n\r\n\n3;4\r5;6\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x\n\ny', 'z'] },
      { line: 7, fields: ['3', '4'] },
      { line: 8, fields: ['5', '6'] },
    ]);
  });

  it('names, in French, the line where an unclosed quoted field starts and where a stray character follows a quote', () => {
    expect(() => parseCsv('a;b\n\n1;"2\n3;4\n5;6')).toThrow(
      expect.objectContaining({ line: 3, message: 'guillemet ouvrant sans guillemet fermant' }),
    );
    expect(() => parseCsv('a;b\n1;2\n3;"4"x')).toThrow(
      expect.objectContaining({ line: 3, message: 'caractère inattendu après un guillemet fermant' }),
    );
  });
});

describe('readDeviceCsv', () => {
  it('maps the columns by their French names, in any order, and reads both date formats', () => {
    const { rows, errors } = readDeviceCsv(
      'Modèle;Date d’achat;N° de série\nGalaxy Tab S9;14/03/2026;R52W70A\niPad 10;2026-03-15;DMPX-0042',
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, device: { serialNumber: 'R52W70A', model: 'Galaxy Tab S9', purchasedOn: '2026-03-14', notes: null } },
      { line: 3, device: { serialNumber: 'DMPX-0042', model: 'iPad 10', purchasedOn: '2026-03-15', notes: null } },
    ]);
  });

  it('reports every wrong line with its number', () => {
    const { errors } = readDeviceCsv(
      [
        'numero de serie;modele;date achat',
        'R52W70A;Galaxy Tab S9;',
        'pas un numéro;Galaxy Tab S9;',
        'R52W70C;;31/02/2026',
        'r52w70a;iPad;',
        'R52W70E;iPad',
      ].join('\n'),
    );
    expect(errors).toEqual([
      { line: 3, serialNumber: 'pas un numéro', message: expect.stringContaining('Numéro de série invalide') },
      { line: 4, serialNumber: 'R52W70C', message: 'Le modèle est obligatoire (200 caractères au plus).' },
      { line: 4, serialNumber: 'R52W70C', message: 'Date d’achat invalide : « 31/02/2026 » (attendu JJ/MM/AAAA ou AAAA-MM-JJ).' },
      { line: 5, serialNumber: 'r52w70a', message: 'Numéro de série en double avec la ligne 2.' },
      { line: 6, serialNumber: 'R52W70E', message: '2 colonnes au lieu de 3.' },
    ]);
  });

  it('needs a header naming the serial number and the model', () => {
    expect(readDeviceCsv('serial;couleur\nA;noir').errors).toEqual([
      { line: 1, serialNumber: null, message: 'L’en-tête doit nommer au moins les colonnes « numéro de série » et « modèle ».' },
    ]);
    expect(readDeviceCsv('').errors[0]!.message).toBe('Le fichier est vide.');
    expect(readDeviceCsv('a;b\n1;"2').errors[0]!.message).toBe('Fichier CSV illisible : guillemet ouvrant sans guillemet fermant.');
  });
});
