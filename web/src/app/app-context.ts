import { createContext, useContext } from 'react';
import type { Session } from '../auth/session.ts';

export interface AppContextValue {
  session: Session;
  /** The account's subject: owner of the offline data kept on this device. */
  owner: string;
  displayName: string;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside of <AppContext>');
  return value;
}
