import { Route, Routes } from 'react-router';
import { BillingPage } from './BillingPage.tsx';
import { ContractPage } from './ContractPage.tsx';
import { CoordinationConsole } from './CoordinationConsole.tsx';
import { DevicePage } from './DevicePage.tsx';
import { DevicesPage } from './DevicesPage.tsx';
import { MemberBodiesPage } from './MemberBodiesPage.tsx';
import { StatementsPage } from './StatementsPage.tsx';
import { SupportPage } from './SupportPage.tsx';
import './coordination.css';

/** The coordinator's console, under `/coordination` (loaded on first use: nobody else downloads it). */
export default function CoordinationRoutes() {
  return (
    <Routes>
      <Route element={<CoordinationConsole />}>
        <Route index element={<MemberBodiesPage />} />
        <Route path="marche" element={<ContractPage />} />
        <Route path="tablettes" element={<DevicesPage />} />
        <Route path="tablettes/:deviceId" element={<DevicePage />} />
        <Route path="assistance" element={<SupportPage />} />
        <Route path="couts" element={<StatementsPage />} />
        <Route path="facturation" element={<BillingPage />} />
      </Route>
    </Routes>
  );
}
