import { createContext, useContext } from 'react';

/** What the séance's shared parts cite, from `Meeting.legalNotices`: the article of the majority and of the président's casting vote (L2121-20 in a commune, L3121-14 in a département). */
export interface SeanceLaw {
  majorityArticle: string;
}

/** Given by the page that loads the meeting (the console's « Séance », the officials' « Séance en cours »). */
export const SeanceLawContext = createContext<SeanceLaw | null>(null);

export function useSeanceLaw(): SeanceLaw {
  const law = useContext(SeanceLawContext);
  if (!law) throw new Error('SeanceLawContext is not provided');
  return law;
}
