import type { Messages, Widen } from '../i18n/messages.fr.ts';
import { messages as appMessages } from '../i18n/messages.ts';
import { coordinationFr } from './messages.fr.ts';

/**
 * The app's catalogue with the console's part (`messages.coordination`). The console's modules import this one,
 * so that its part of the catalogue loads with the console's chunk, never with the app's entry.
 */
export const messages: Messages & { coordination: Widen<typeof coordinationFr> } = { ...appMessages, coordination: coordinationFr };
