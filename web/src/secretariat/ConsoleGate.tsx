import { Outlet, useParams } from 'react-router';
import { messages } from './messages.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { ReservedConsole } from '../ui/ReservedConsole.tsx';
import { useConsoleBodies } from './use-console-bodies.ts';

/** `/secretariat/:slug/…`: the body's console for its secretariat and administrators; to anyone else, that it is reserved. */
export function ConsoleGate() {
  const { slug = '' } = useParams();
  const { bodies, loading, error } = useConsoleBodies();
  if (error) return <GraphqlError error={error} />;
  if (loading) return <p>{messages.app.loading}</p>;
  if (!bodies.some((body) => body.slug === slug)) return <ReservedConsole reservedTo={messages.secretariat.home.reserved} />;
  return <Outlet />;
}
