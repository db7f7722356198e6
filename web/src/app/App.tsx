import { useQuery } from '@apollo/client/react';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { MyBodiesQuery } from '../graphql/operations.ts';
import { messages } from '../i18n/messages.ts';
import { InboxPage } from '../inbox/InboxPage.tsx';
import { MeetingLinkRedirect } from '../meeting/MeetingLinkRedirect.tsx';
import { MeetingPage } from '../meeting/MeetingPage.tsx';
import { LiveSeancePage } from '../meeting/LiveSeancePage.tsx';
import { ProfilePage } from '../profile/ProfilePage.tsx';
import { SearchPage } from '../search/SearchPage.tsx';
import { TabletPage } from '../tablet/TabletPage.tsx';
import { ToSignPage } from '../acts/ToSignPage.tsx';
import { ProjetToVisaPage, ToVisaPage } from '../acts/ToVisaPage.tsx';
import { legalRoutes } from '../legal/LegalRoutes.tsx';
import { LibraryPage } from '../library/LibraryPage.tsx';
import { landingPath } from './landing.ts';
import { Layout } from './Layout.tsx';

// pdf.js is large: it loads with the reader only.
const ReaderPage = lazy(() => import('../reader/ReaderPage.tsx'));
const SecretariatRoutes = lazy(() => import('../secretariat/SecretariatRoutes.tsx'));
const CoordinationRoutes = lazy(() => import('../coordination/CoordinationRoutes.tsx'));
const LibraryReaderPage = lazy(() => import('../library/LibraryReaderPage.tsx'));

/** Right after login, once: the account's own home (`landingPath`), the inbox for an official. */
function RoleLanding({ onLanded }: { onLanded: () => void }) {
  const { data, error } = useQuery(MyBodiesQuery);
  const settled = Boolean(data ?? error);
  useEffect(() => {
    if (settled) onLanded();
  }, [settled, onLanded]);
  if (!settled) return <p>{messages.app.loading}</p>;
  const path = data ? landingPath(data.me) : '/';
  return path === '/' ? <InboxPage /> : <Navigate to={path} replace />;
}

export function App({ landing: landingOnStart = false }: { landing?: boolean }) {
  const [landing, setLanding] = useState(landingOnStart);
  const landed = useCallback(() => setLanding(false), []);
  return (
    <Layout>
      <Suspense fallback={<p>{messages.app.loading}</p>}>
        <Routes>
          <Route path="/" element={landing ? <RoleLanding onLanded={landed} /> : <InboxPage />} />
          <Route path="/recherche" element={<SearchPage />} />
          <Route path="/profil" element={<ProfilePage />} />
          <Route path="/ma-tablette" element={<TabletPage />} />
          <Route path="/a-signer" element={<ToSignPage />} />
          <Route path="/a-viser" element={<ToVisaPage />} />
          <Route path="/a-viser/:bodyId/:projetId" element={<ProjetToVisaPage />} />
          <Route path="/seances/:bodyId/:meetingId" element={<MeetingLinkRedirect />} />
          <Route path="/organismes/:slug/seances/:meetingId" element={<MeetingPage />} />
          <Route path="/organismes/:slug/seances/:meetingId/documents/:documentId" element={<ReaderPage />} />
          <Route path="/organismes/:slug/seances/:meetingId/seance-en-cours" element={<LiveSeancePage />} />
          <Route path="/secretariat/*" element={<SecretariatRoutes />} />
          <Route path="/coordination/*" element={<CoordinationRoutes />} />
          <Route path="/bibliotheque" element={<LibraryPage />} />
          <Route path="/organismes/:slug/bibliotheque/:documentId" element={<LibraryReaderPage />} />
          {legalRoutes()}
          <Route path="*" element={<p>{messages.app.notFound}</p>} />
        </Routes>
      </Suspense>
    </Layout>
  );
}
