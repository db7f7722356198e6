import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import tar from 'tar-stream';
import { CartableError, ErrorCode } from '../common/errors.js';
import type { Deliberation } from './deliberation.entity.js';

/** Namespace of the ACTES exchange format (« actesv1_1.xsd », ministère de l'Intérieur). */
export const actesNamespace = 'http://www.interieur.gouv.fr/ACTES#v1.1-20040216';
/** ACTES nature code of a délibération (1; 2 arrêtés réglementaires, 3 individuels, 4 contrats, 5 budgets, 6 autres). */
export const deliberationNature = '1';

export interface ActesFacts {
  /** 14-digit SIRET of the body: its first nine digits are the SIREN of the ACTES file names. */
  siret: string;
  /** 3-character department code of the ACTES file names (025, 974, 02A). */
  department: string;
  /** The date of the decision (the séance), YYYY-MM-DD in the body's time zone. */
  decisionDate: string;
}

/**
 * ACTES's internal number is 1 to 15 characters among capital letters, digits and underscore: the act's
 * number with every other character as an underscore (2026-042 → 2026_042).
 */
export function actesInternalNumber(numberLabel: string): string {
  const internal = numberLabel.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  if (internal.length > 15)
    throw new CartableError(
      ErrorCode.PreconditionFailed,
      `Le numéro « ${numberLabel} » dépasse les 15 caractères du numéro interne ACTES.`,
      { reason: 'ACTES_NUMBER_TOO_LONG' },
    );
  return internal;
}

/** The stem of the files of the transaction: <département>-<SIREN>-<AAAAMMJJ>-<numéro interne>-DE-1-1 (nature DE, transmission of an act). */
export function actesFileStem(act: Deliberation, facts: ActesFacts): string {
  return `${facts.department}-${facts.siret.slice(0, 9)}-${facts.decisionDate.replaceAll('-', '')}-${actesInternalNumber(act.numberLabel!)}-DE-1-1`;
}

/** XML-escapes, and writes what ISO-8859-1 cannot hold as character references. */
const xmlText = (text: string) =>
  text
    .replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!)
    .replace(/[^\u0000-\u00ff]/gu, (char) => `&#${char.codePointAt(0)};`);

/**
 * The ACTES metadata of one act (`actes:Acte`, version 1.1 of the format): decision date, internal
 * number, nature, each level of the matière code (CodeMatiere1…5), object, and the act's file. Encoded
 * in ISO-8859-1, as the platform expects.
 *
 * Not written, and left to the operator: `actes:ClassificationDateVersion`, the date of the préfecture's
 * classification the operator downloaded (Cartable codes the matières from the national nomenclature, not
 * from a préfecture's file), and the signature file of the act (its PAdES signatures are inside the PDF).
 * The schema itself (actesv1_1.xsd) was not available to check this file against: the elements are those
 * the protocol names, in the order transmission software writes them.
 */
export function actesXml(act: Deliberation, facts: ActesFacts, pdfName: string): Buffer {
  const levels = act.matiereCode.split('.');
  const xml = `<?xml version="1.0" encoding="ISO-8859-1"?>
<actes:Acte xmlns:actes="${actesNamespace}" xmlns:insee="http://xml.insee.fr/schema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${actesNamespace} actesv1_1.xsd" actes:Date="${facts.decisionDate}" actes:NumeroInterne="${actesInternalNumber(act.numberLabel!)}" actes:CodeNatureActe="${deliberationNature}">
${levels.map((code, index) => `  <actes:CodeMatiere${index + 1} actes:CodeMatiere="${xmlText(code)}"/>`).join('\n')}
  <actes:Objet>${xmlText(act.title)}</actes:Objet>
  <actes:Document>
    <actes:NomFichier>${xmlText(pdfName)}</actes:NomFichier>
  </actes:Document>
  <actes:Annexes actes:Nombre="0"/>
</actes:Acte>
`;
  return Buffer.from(xml, 'latin1');
}

/**
 * The files an approved @CTES operator takes for one signed act, as a .tar.gz (the container of ACTES
 * transactions): `<stem>_0.xml` (the metadata) and `<stem>_1.pdf` (the signed PDF).
 */
export async function actesArchive(act: Deliberation, pdf: Uint8Array, facts: ActesFacts): Promise<{ name: string; bytes: Buffer }> {
  const stem = actesFileStem(act, facts);
  const pdfName = `${stem}_1.pdf`;
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = pipeline(pack, createGzip(), sink);
  const mtime = act.finalisedAt ?? new Date();
  pack.entry({ name: `${stem}_0.xml`, mtime }, actesXml(act, facts, pdfName));
  pack.entry({ name: pdfName, mtime }, Buffer.from(pdf));
  pack.finalize();
  await done;
  return { name: `${stem}.tar.gz`, bytes: Buffer.concat(chunks) };
}
