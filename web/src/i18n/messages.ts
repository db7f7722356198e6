import { fr, type Messages } from './messages.fr.ts';

/** The catalogue in use. French only today; a second language adds a catalogue and a choice here. */
export const messages: Messages = fr;
export const locale = 'fr-FR';
