import { Route } from 'react-router';
import { LegalPage } from './LegalPage.tsx';
import { legalPaths } from './legal-paths.ts';

/** The legal pages' routes, the same logged in or not (`App` and `PublicApp` both mount them). */
export function legalRoutes() {
  return (Object.keys(legalPaths) as (keyof typeof legalPaths)[]).map((page) => (
    <Route key={page} path={legalPaths[page]} element={<LegalPage page={page} />} />
  ));
}
