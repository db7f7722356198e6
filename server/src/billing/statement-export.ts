import { euros } from '../common/french.js';
import { TextPdfWriter } from '../media/pdf-text.js';
import type { Statement } from './statements.js';

/** A month's statements with the name of each body, as exported for the coordinator. */
export type NamedStatement = Statement & { bodyName: string };

const kindLabels = { SEAT: 'Siège', DEVICE: 'Tablette', SETUP: 'Mise en service', SUPPORT: 'Support' } as const;
const csvField = (value: string | number) => (/[";\r\n]/.test(String(value)) ? `"${String(value).replaceAll('"', '""')}"` : String(value));
const decimal = (cents: number) => (cents / 100).toFixed(2).replace('.', ',');

/** The statements line by line, `;`-separated with a byte-order mark (what French spreadsheets open). */
export function statementsCsv(statements: readonly NamedStatement[]): string {
  const header = [
    'Mois',
    'Organisme',
    'Clôturé',
    'Poste',
    'Personne',
    'Tablette',
    'Jours facturés',
    'Coût total HT (€)',
    'Partagé entre',
    'Part de l’organisme HT (€)',
  ];
  const rows = statements.flatMap((statement) =>
    statement.lines.map((line) => [
      statement.month,
      statement.bodyName,
      statement.closed ? 'oui' : 'non',
      kindLabels[line.kind],
      line.personName ?? '',
      line.serialNumber ?? '',
      line.days !== undefined ? `${line.days}/${line.daysInMonth}` : '',
      decimal(line.fullCents),
      line.sharedBetween,
      decimal(line.shareCents),
    ]),
  );
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvField).join(';')).join('\r\n')}\r\n`;
}

/** The statements as a PDF: each body's totals and lines. */
export async function statementsPdf(month: string, statements: readonly NamedStatement[], author: string): Promise<Uint8Array> {
  const writer = await TextPdfWriter.create({
    title: `Répartition des coûts — ${month}`,
    author,
    footer: `Répartition des coûts ${month}`,
    createdAt: new Date(),
  });
  writer.heading(`Répartition des coûts du groupement — ${month}`, 15);
  writer.text(`Total du mois : ${euros(statements.reduce((sum, statement) => sum + statement.totalCents, 0))} HT.`, { gapAfter: 8 });
  for (const statement of statements) {
    writer.heading(`${statement.bodyName} — ${euros(statement.totalCents)} HT${statement.closed ? '' : ' (provisoire)'}`, 12);
    writer.table(
      ['Poste', 'Personne', 'Coût total', 'Partagé entre', 'Part'],
      statement.lines.map((line) => [
        `${kindLabels[line.kind]}${line.serialNumber ? ` ${line.serialNumber}` : ''}${line.days !== undefined ? ` (${line.days} j / ${line.daysInMonth})` : ''}`,
        line.personName ?? '',
        euros(line.fullCents),
        String(line.sharedBetween),
        euros(line.shareCents),
      ]),
      [0.34, 0.24, 0.14, 0.13, 0.15],
    );
  }
  return writer.save();
}
