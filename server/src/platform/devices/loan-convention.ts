import { frenchDateTime } from '../../common/french.js';
import { TextPdfWriter } from '../../media/pdf-text.js';

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

const clauses = [
  'Article 1 — Objet. La présente convention fixe les conditions dans lesquelles le prêteur met à la disposition de l’élu(e) désigné(e) ci-dessus une tablette numérique destinée à l’exercice de ses mandats : réception des convocations et des documents de séance, annotation et consultation des dossiers.',
  'Article 2 — Équipement unique. Conformément au groupement de commandes, l’élu(e) ne dispose que d’un seul équipement pour l’ensemble des organismes dans lesquels il ou elle siège ; ceux-ci en partagent le coût selon la règle du marché.',
  'Article 3 — Usage et soin. L’élu(e) utilise la tablette pour l’exercice de ses mandats, en prend soin, ne la cède ni ne la prête, et n’en modifie pas la configuration de sécurité.',
  'Article 4 — Perte, vol, panne. Toute perte, tout vol ou toute panne est signalé sans délai au service de coordination du groupement, qui procède au remplacement ou à la réparation.',
  'Article 5 — Restitution. La tablette et ses accessoires sont restitués à la fin du dernier mandat de l’élu(e) au sein du groupement, ou à la demande du prêteur.',
  'Article 6 — Acceptation. La convention est acceptée électroniquement par l’élu(e) dans son application Cartable ; la date et l’heure de l’acceptation, ainsi que l’empreinte SHA-256 de ce document, sont enregistrées.',
];

/**
 * The loan convention of one allocation, as a PDF. Deterministic: the same terms give the same bytes
 * (dates fixed to the allocation), so its SHA-256, stored with the allocation, names what was accepted.
 */
export async function createLoanConvention(terms: LoanConventionTerms): Promise<Uint8Array> {
  const writer = await TextPdfWriter.create({
    title: 'Convention de mise à disposition d’une tablette numérique',
    author: terms.lender,
    footer: `Mise à disposition ${terms.allocationId}`,
    createdAt: terms.allocatedAt,
  });
  writer
    .heading('Convention de mise à disposition d’une tablette numérique', 15)
    .text(`Entre ${terms.lender}, coordonnateur du groupement de commandes « cartable numérique des élus », ci-après le prêteur,`, {
      gapAfter: 6,
    })
    .text(`et ${terms.official.displayName} (${terms.official.email}), élu(e) siégeant au sein de : ${terms.bodies.join(', ')}.`, {
      gapAfter: 6,
    })
    .text(
      `Équipement : ${terms.device.model}, numéro de série ${terms.device.serialNumber}. Remis le ${frenchDateTime(terms.allocatedAt, 'Europe/Paris')}.`,
      { bold: true },
    )
    .space(8);
  for (const clause of clauses) writer.text(clause, { gapAfter: 6 });
  return writer.save();
}
