import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks';
import { BrowserRouter, Route, Routes } from 'react-router';
import { LoginPage } from '../auth/LoginPage.tsx';
import type { Session } from '../auth/session.ts';
import { messages } from '../i18n/messages.ts';
import { legalRoutes } from '../legal/LegalRoutes.tsx';
import { AppFooter } from '../ui/AppFooter.tsx';
import { AppHeader } from '../ui/AppHeader.tsx';
import { cartableBrand } from './Layout.tsx';

const m = messages;

/** Before login: the legal pages (readable by anyone) and, at any other address, the way in. */
export function PublicApp({ session, failed = false }: { session: Session; failed?: boolean }) {
  return (
    <BrowserRouter>
      <SkipLinks links={[{ anchor: '#contenu', label: m.app.skipToContent }]} />
      <AppHeader brand={cartableBrand} quickAccessItems={[]} />
      <main id="contenu" tabIndex={-1} className="fr-container fr-py-6w">
        <Routes>
          {legalRoutes()}
          <Route path="*" element={<LoginPage session={session} failed={failed} />} />
        </Routes>
      </main>
      <AppFooter />
    </BrowserRouter>
  );
}
