import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { messages } from '../i18n/messages.ts';
import { InboxPage } from '../inbox/InboxPage.tsx';
import { MeetingLinkRedirect } from '../meeting/MeetingLinkRedirect.tsx';
import { MeetingPage } from '../meeting/MeetingPage.tsx';
import { ProfilePage } from '../profile/ProfilePage.tsx';
import { SearchPage } from '../search/SearchPage.tsx';
import { TabletPage } from '../tablet/TabletPage.tsx';
import { Layout } from './Layout.tsx';

// pdf.js is large: it loads with the reader only.
const ReaderPage = lazy(() => import('../reader/ReaderPage.tsx'));
const SecretariatRoutes = lazy(() => import('../secretariat/SecretariatRoutes.tsx'));
const CoordinationRoutes = lazy(() => import('../coordination/CoordinationRoutes.tsx'));

export function App() {
  return (
    <Layout>
      <Suspense fallback={<p>{messages.app.loading}</p>}>
        <Routes>
          <Route path="/" element={<InboxPage />} />
          <Route path="/recherche" element={<SearchPage />} />
          <Route path="/profil" element={<ProfilePage />} />
          <Route path="/ma-tablette" element={<TabletPage />} />
          <Route path="/seances/:bodyId/:meetingId" element={<MeetingLinkRedirect />} />
          <Route path="/organismes/:slug/seances/:meetingId" element={<MeetingPage />} />
          <Route path="/organismes/:slug/seances/:meetingId/documents/:documentId" element={<ReaderPage />} />
          <Route path="/secretariat/*" element={<SecretariatRoutes />} />
          <Route path="/coordination/*" element={<CoordinationRoutes />} />
          <Route path="*" element={<p>{messages.app.notFound}</p>} />
        </Routes>
      </Suspense>
    </Layout>
  );
}
