import { Route, Routes } from 'react-router';
import { AgendaBuilder } from './agenda/AgendaBuilder.tsx';
import { AttendancePage } from './attendance/AttendancePage.tsx';
import { BillingPage } from './billing/BillingPage.tsx';
import { BodyConsole } from './BodyConsole.tsx';
import { ConsoleGate } from './ConsoleGate.tsx';
import { ConveningPage } from './convening/ConveningPage.tsx';
import { DocumentsPage } from './documents/DocumentsPage.tsx';
import { FollowUpPage } from './follow-up/FollowUpPage.tsx';
import { ConsoleHomePage } from './ConsoleHomePage.tsx';
import { MeetingConsole } from './meetings/MeetingConsole.tsx';
import { MeetingsPage } from './meetings/MeetingsPage.tsx';
import { MembersPage } from './members/MembersPage.tsx';
import { StatisticsPage } from './statistics/StatisticsPage.tsx';
import { ProjetPage, ProjetsPage } from './projets/ProjetsPage.tsx';
import { CircuitsPage } from './projets/CircuitsPage.tsx';
import { SeancePage } from './seance/SeancePage.tsx';
import { SettingsPage } from './settings/SettingsPage.tsx';
import { MeetingActsPage } from './acts/MeetingActsPage.tsx';
import { BodyActsPage } from './acts/BodyActsPage.tsx';
import { LibraryPage } from './library/LibraryPage.tsx';
import './secretariat.css';

/** The secretariat console, under `/secretariat` (loaded on first use: officials never download it). */
export default function SecretariatRoutes() {
  return (
    <Routes>
      <Route index element={<ConsoleHomePage />} />
      <Route path=":slug" element={<ConsoleGate />}>
        <Route element={<BodyConsole />}>
          <Route index element={<MeetingsPage />} />
          <Route path="membres" element={<MembersPage />} />
          <Route path="statistiques" element={<StatisticsPage />} />
          <Route path="facturation" element={<BillingPage />} />
          <Route path="projets" element={<ProjetsPage />} />
          <Route path="projets/:projetId" element={<ProjetPage />} />
          <Route path="circuits" element={<CircuitsPage />} />
          <Route path="parametres" element={<SettingsPage />} />
          <Route path="actes" element={<BodyActsPage />} />
          <Route path="bibliotheque" element={<LibraryPage />} />
        </Route>
        <Route path="seances/:meetingId" element={<MeetingConsole />}>
          <Route index element={<AgendaBuilder />} />
          <Route path="documents" element={<DocumentsPage />} />
          <Route path="convocation" element={<ConveningPage />} />
          <Route path="suivi" element={<FollowUpPage />} />
          <Route path="presences" element={<AttendancePage />} />
          <Route path="seance" element={<SeancePage />} />
          <Route path="actes" element={<MeetingActsPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
