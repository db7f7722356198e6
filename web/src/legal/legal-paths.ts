/** The legal pages' addresses, readable without logging in (see `LegalRoutes`). */
export const legalPaths = {
  accessibility: '/accessibilite',
  legalNotice: '/mentions-legales',
  privacy: '/donnees-personnelles',
  contact: '/contact',
} as const;

export const isLegalPath = (pathname: string) => (Object.values(legalPaths) as string[]).includes(pathname.replace(/\/$/, ''));
