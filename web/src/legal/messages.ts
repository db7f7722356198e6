import type { Messages } from '../i18n/messages.fr.ts';
import { messages as appMessages } from '../i18n/messages.ts';
import { legalFr } from './messages.fr.ts';

/** The app's catalogue with the legal pages' part (`messages.legal`), loaded with those pages. */
export const messages: Messages & { legal: typeof legalFr } = { ...appMessages, legal: legalFr };
