/**
 * The library screen's part of the French catalogue (`messages.secretariat.library`), kept beside the
 * screen; `secretariat/messages.fr.ts` includes it.
 */
import { plural } from '../../i18n/plural.ts';

export const libraryConsoleFr = {
  title: 'Bibliothèque',
  intro:
    'Les documents de l’organisme hors séances — règlement intérieur, guides, budgets, rapports annuels — que tous ses membres lisent, annotent et gardent hors ligne dans leur cartable. En PDF, vérifiés comme les documents de séance.',
  none: 'La bibliothèque est vide.',
  add: 'Ajouter à la bibliothèque',
  category: 'Rubrique',
  columns: { category: 'Rubrique', document: 'Document', version: 'Version', pages: 'Pages', size: 'Taille', actions: 'Actions' },
  caption: (count: number) => `Bibliothèque : ${count} ${plural(count, 'document', 'documents')}`,
  replaceFile: (title: string) => `Nouvelle version de « ${title} » (PDF) — elle remplace la précédente pour tous les membres`,
  moveTo: 'Rubrique de la nouvelle version',
} as const;
