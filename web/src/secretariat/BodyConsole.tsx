import { useQuery } from '@apollo/client/react';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Outlet, useParams } from 'react-router';
import { messages } from './messages.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import type { BodyConsoleContext } from './console-context.ts';
import { ConsoleNav } from '../ui/ConsoleNav.tsx';
import { ConsoleBodyQuery } from './operations.ts';
import { useConsoleBodies } from './use-console-bodies.ts';

const m = messages.secretariat.nav;

/** `/secretariat/:slug/…`: a body's console — its meetings, members and assemblies, statistics; its billing for its admins. */
export function BodyConsole() {
  const { slug = '' } = useParams();
  const { data, error, loading, refetch } = useQuery(ConsoleBodyQuery, { variables: { slug }, fetchPolicy: 'cache-and-network' });
  const administrator = useConsoleBodies().bodies.some((body) => body.slug === slug && body.administrator);
  if (!data) return error ? <GraphqlError error={error} onRetry={() => void refetch()} /> : <p>{loading ? messages.app.loading : null}</p>;
  const context: BodyConsoleContext = { body: data.body, refetch };
  const base = `/secretariat/${slug}`;
  return (
    <>
      <Breadcrumb
        currentPageLabel={data.body.name}
        homeLinkProps={{ to: '/' }}
        segments={[{ label: m.console, linkProps: { to: '/secretariat' } }]}
      />
      <ConsoleNav
        label={m.body(data.body.name)}
        links={[
          { to: base, text: m.meetings, end: true },
          { to: `${base}/membres`, text: m.members },
          { to: `${base}/statistiques`, text: m.statistics },
          { to: `${base}/projets`, text: m.projets },
          { to: `${base}/circuits`, text: m.circuits },
          { to: `${base}/actes`, text: messages.secretariat.acts.nav },
          { to: `${base}/bibliotheque`, text: m.library },
          ...(administrator ? [{ to: `${base}/facturation`, text: m.billing }] : []),
          { to: `${base}/parametres`, text: m.settings },
        ]}
      />
      <Outlet context={context} />
    </>
  );
}
