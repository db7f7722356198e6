import { Navigate, Link } from 'react-router';
import { messages } from './messages.ts';
import { GraphqlError } from '../ui/GraphqlError.tsx';
import { ReservedConsole } from '../ui/ReservedConsole.tsx';
import { useConsoleBodies } from './use-console-bodies.ts';

const m = messages.secretariat.home;

/** `/secretariat`: straight to the body's console, or the list when the caller serves several bodies. */
export function ConsoleHomePage() {
  const { bodies, loading, error } = useConsoleBodies();
  if (error) return <GraphqlError error={error} />;
  if (loading) return <p>{messages.app.loading}</p>;
  if (bodies.length === 1) return <Navigate to={`/secretariat/${bodies[0]!.slug}`} replace />;
  return (
    <>
      <h1>{m.title}</h1>
      <p className="fr-text--lead">{m.intro}</p>
      {bodies.length === 0 ? (
        <ReservedConsole reservedTo={m.reserved} />
      ) : (
        <ul>
          {bodies.map((body) => (
            <li key={body.id}>
              <Link className="fr-link" to={`/secretariat/${body.slug}`}>
                {m.open(body.name)}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
