import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { PAGE_HEIGHT, PAGE_WIDTH, toWinAnsi, wrap } from './pdf-text.js';

/**
 * Generates realistic French council documents (demo data, test fixtures). The fonts are the standard
 * PDF fonts, not embedded, encoded in WinAnsi: accented Latin letters (é, è, à, ç, œ, «, », ’, €) are
 * fine, anything outside WinAnsi is replaced (see `toWinAnsi`) rather than making pdf-lib throw.
 */
export interface SamplePdfOptions {
  title: string;
  /** Total page count, title page included (at least 1). */
  pages: number;
  /** The council shown on the title page. */
  bodyName?: string;
  /** Body text; cycled through the numbered pages. Defaults to plausible administrative prose. */
  paragraphs?: string[];
}

const MARGIN = 64;
const BODY_SIZE = 11;
const LEADING = 15;
const MAX_PAGES = 5_000;

const DEFAULT_BODY_NAME = 'Conseil municipal de Saint-Médard-lès-Écluses';

const HEADINGS = [
  'Approbation du procès-verbal de la séance précédente',
  'Budget primitif : décision modificative n° 1',
  'Tarifs de la restauration scolaire et du périscolaire',
  'Convention de mutualisation avec la communauté de communes',
  'Rénovation énergétique de l’école élémentaire',
  'Subventions aux associations culturelles et sportives',
  'Création d’un poste d’adjoint technique territorial',
  'Questions diverses et informations du maire',
];

const DEFAULT_PARAGRAPHS = [
  'Le conseil municipal, après en avoir délibéré, approuve à l’unanimité le procès-verbal de la séance du 12 février, ' +
    'sous réserve de la rectification demandée par Mme Lefèvre concernant l’intervention relative au marché de Noël.',
  'Monsieur le maire rappelle que la décision modificative a pour objet d’ajuster les crédits ouverts au budget ' +
    'primitif afin de tenir compte des dépenses imprévues liées à la réfection de la toiture de la salle des fêtes, ' +
    'pour un montant de 48 500 € TTC, financé par une réduction équivalente des dépenses imprévues.',
  'Après présentation par l’adjointe déléguée aux affaires scolaires, il est proposé de maintenir le prix du repas ' +
    'à 3,85 € pour les élèves domiciliés dans la commune et de créer un tarif réduit à 1,00 € pour les familles dont ' +
    'le quotient familial est inférieur à 700 €, conformément au dispositif de la cantine à un euro.',
  'La convention précise les modalités de mise à disposition des services techniques, la répartition des charges ' +
    'de fonctionnement et la durée de l’engagement, fixée à trois ans renouvelable par reconduction expresse. ' +
    'Le conseil autorise le maire à signer la convention ainsi que tout document s’y rapportant.',
  'Le diagnostic énergétique réalisé par le bureau d’études fait apparaître une consommation supérieure de 40 % ' +
    'à la moyenne des bâtiments comparables. Les travaux envisagés (isolation des combles, remplacement des ' +
    'menuiseries, installation d’une pompe à chaleur) sont estimés à 312 000 € hors taxes.',
  'Les élus de l’opposition font part de leurs réserves quant au calendrier des travaux, qui chevaucherait la ' +
    'rentrée scolaire ; le maire précise que le chantier sera phasé et que l’accueil des élèves sera garanti dans ' +
    'les locaux de l’ancienne mairie, déjà équipés à cet effet.',
  'Vu le code général des collectivités territoriales, et notamment son article L. 2121-29 ; vu l’avis favorable ' +
    'de la commission des finances réunie le 3 mars ; considérant l’intérêt local que présente l’action de ces ' +
    'associations pour la cohésion sociale et l’animation de la commune.',
  'La délibération est adoptée par dix-neuf voix pour, deux abstentions (M. Garçon, Mme Cœurdacier) et aucune ' +
    'voix contre. Elle sera transmise au contrôle de légalité et publiée sous forme électronique.',
];

function centered(page: PDFPage, text: string, font: PDFFont, size: number, y: number): void {
  const width = font.widthOfTextAtSize(text, size);
  page.drawText(text, { x: (PAGE_WIDTH - width) / 2, y, size, font, color: rgb(0.1, 0.1, 0.15) });
}

export async function createSamplePdf(options: SamplePdfOptions): Promise<Uint8Array> {
  const pageCount = Math.trunc(options.pages);
  if (!(pageCount >= 1 && pageCount <= MAX_PAGES)) {
    throw new RangeError(`pages must be between 1 and ${MAX_PAGES}`);
  }
  const paragraphs = options.paragraphs?.length ? options.paragraphs : DEFAULT_PARAGRAPHS;

  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.TimesRoman);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const plain = await doc.embedFont(StandardFonts.Helvetica);
  const supported = new Set(regular.getCharacterSet());
  const clean = (text: string) => toWinAnsi(text, supported);

  const title = clean(options.title);
  const bodyName = clean(options.bodyName ?? DEFAULT_BODY_NAME);
  const fixedDate = new Date(Date.UTC(2025, 2, 14, 18, 30));
  doc.setTitle(options.title);
  doc.setAuthor(options.bodyName ?? DEFAULT_BODY_NAME);
  doc.setLanguage('fr-FR');
  doc.setProducer('Cartable');
  doc.setCreator('Cartable');
  doc.setCreationDate(fixedDate);
  doc.setModificationDate(fixedDate);

  // Title page.
  const cover = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  centered(cover, 'RÉPUBLIQUE FRANÇAISE', bold, 12, PAGE_HEIGHT - 120);
  centered(cover, bodyName, bold, 18, PAGE_HEIGHT - 200);
  let y = PAGE_HEIGHT - 320;
  for (const line of wrap(title, bold, 22, PAGE_WIDTH - 2 * MARGIN)) {
    centered(cover, line, bold, 22, y);
    y -= 30;
  }
  centered(cover, clean('Séance publique du vendredi 14 mars à 18 h 30'), regular, 13, y - 30);
  centered(cover, clean('Document préparatoire – ne vaut pas procès-verbal'), regular, 11, 120);

  // Numbered pages: one heading and a few paragraphs each.
  const textWidth = PAGE_WIDTH - 2 * MARGIN;
  for (let number = 2; number <= pageCount; number++) {
    const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    const section = number - 1;
    const heading = clean(`${section}. ${HEADINGS[(section - 1) % HEADINGS.length]!}`);
    page.drawText(bodyName, { x: MARGIN, y: PAGE_HEIGHT - 40, size: 8, font: plain, color: rgb(0.4, 0.4, 0.4) });
    y = PAGE_HEIGHT - 90;
    for (const line of wrap(heading, bold, 14, textWidth)) {
      page.drawText(line, { x: MARGIN, y, size: 14, font: bold, color: rgb(0.05, 0.2, 0.45) });
      y -= 20;
    }
    y -= 10;
    for (let i = 0; i < 3; i++) {
      const paragraph = clean(paragraphs[(section * 3 + i) % paragraphs.length]!);
      const lines = wrap(paragraph, regular, BODY_SIZE, textWidth);
      if (y - lines.length * LEADING < 80) break;
      for (const line of lines) {
        page.drawText(line, { x: MARGIN, y, size: BODY_SIZE, font: regular });
        y -= LEADING;
      }
      y -= 8;
    }
    centered(page, `${number} / ${pageCount}`, plain, 9, 40);
  }

  return doc.save({ useObjectStreams: true });
}
