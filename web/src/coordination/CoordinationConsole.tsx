import { useQuery } from '@apollo/client/react';
import { Outlet } from 'react-router';
import { MyBodiesQuery } from '../graphql/operations.ts';
import { messages } from './messages.ts';
import { ConsoleNav } from '../ui/ConsoleNav.tsx';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { ReservedConsole } from '../ui/ReservedConsole.tsx';

const m = messages.coordination.nav;

/** `/coordination/…`: the sections of the groupement's console, for its coordinators only. */
export function CoordinationConsole() {
  const { data, error, refetch } = useQuery(MyBodiesQuery);
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{messages.app.loading}</p>;
  if (!data.me.coordinator) return <ReservedConsole reservedTo={messages.coordination.notCoordinator} />;
  return (
    <>
      <ConsoleNav
        label={m.label}
        links={[
          { to: '/coordination', text: m.bodies, end: true },
          { to: '/coordination/marche', text: m.contract },
          { to: '/coordination/tablettes', text: m.devices },
          { to: '/coordination/assistance', text: m.support },
          { to: '/coordination/couts', text: m.statements },
          { to: '/coordination/facturation', text: m.billing },
        ]}
      />
      <Outlet />
    </>
  );
}
