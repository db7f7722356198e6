import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { toWinAnsi, wrap } from '../../media/pdf-text.js';

export interface LoanConventionTerms {
  /** The coordinating body that lends the device (holder of the groupement's contract). */
  lender: string;
  official: { displayName: string; email: string };
  /** The bodies the official sits in, whose shares pay for the device. */
  bodies: string[];
  device: { model: string; serialNumber: string };
  allocatedAt: Date;
  allocationId: string;
}

const PAGE_WIDTH = 595.28; // A4, in points
const PAGE_HEIGHT = 841.89;
const MARGIN = 64;

const clauses = [
  'Article 1 — Objet. La présente convention fixe les conditions dans lesquelles le prêteur met à la disposition de l’élu(e) désigné(e) ci-dessus une tablette numérique destinée à l’exercice de ses mandats : réception des convocations et des documents de séance, annotation et consultation des dossiers.',
  'Article 2 — Équipement unique. Conformément au groupement de commandes, l’élu(e) ne dispose que d’un seul équipement pour l’ensemble des organismes dans lesquels il ou elle siège ; ceux-ci en partagent le coût selon la règle du marché.',
  'Article 3 — Usage et soin. L’élu(e) utilise la tablette pour l’exercice de ses mandats, en prend soin, ne la cède ni ne la prête, et n’en modifie pas la configuration de sécurité.',
  'Article 4 — Perte, vol, panne. Toute perte, tout vol ou toute panne est signalé sans délai au service de coordination du groupement, qui procède au remplacement ou à la réparation.',
  'Article 5 — Restitution. La tablette et ses accessoires sont restitués à la fin du dernier mandat de l’élu(e) au sein du groupement, ou à la demande du prêteur.',
  'Article 6 — Acceptation. La convention est acceptée électroniquement par l’élu(e) dans son application Cartable ; la date et l’heure de l’acceptation, ainsi que l’empreinte SHA-256 de ce document, sont enregistrées.',
];

const parisDate = (instant: Date) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' }).format(instant);

/**
 * The loan convention of one allocation, as a PDF. Deterministic: the same terms give the same bytes
 * (dates fixed to the allocation), so its SHA-256, stored with the allocation, names what was accepted.
 */
export async function createLoanConvention(terms: LoanConventionTerms): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const supported = new Set(regular.getCharacterSet());
  const clean = (text: string) => toWinAnsi(text, supported);
  doc.setTitle('Convention de mise à disposition d’une tablette numérique');
  doc.setAuthor(terms.lender);
  doc.setLanguage('fr-FR');
  doc.setProducer('Cartable');
  doc.setCreator('Cartable');
  doc.setCreationDate(terms.allocatedAt);
  doc.setModificationDate(terms.allocatedAt);

  const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  const width = PAGE_WIDTH - 2 * MARGIN;
  let y = PAGE_HEIGHT - 80;
  const paragraph = (text: string, font = regular, size = 10.5, after = 8) => {
    for (const line of wrap(clean(text), font, size, width)) {
      page.drawText(line, { x: MARGIN, y, size, font, color: rgb(0.1, 0.1, 0.15) });
      y -= size * 1.4;
    }
    y -= after;
  };
  paragraph('Convention de mise à disposition d’une tablette numérique', bold, 16, 14);
  paragraph(`Entre ${terms.lender}, coordonnateur du groupement de commandes « cartable numérique des élus », ci-après le prêteur,`);
  paragraph(`et ${terms.official.displayName} (${terms.official.email}), élu(e) siégeant au sein de : ${terms.bodies.join(', ')}.`);
  paragraph(`Équipement : ${terms.device.model}, numéro de série ${terms.device.serialNumber}. Remis le ${parisDate(terms.allocatedAt)}.`, bold, 10.5, 14);
  for (const clause of clauses) paragraph(clause);
  page.drawText(clean(`Référence de la mise à disposition : ${terms.allocationId}`), { x: MARGIN, y: 48, size: 8, font: regular, color: rgb(0.4, 0.4, 0.4) });
  return doc.save({ useObjectStreams: true });
}
