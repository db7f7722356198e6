import { useQuery } from '@apollo/client/react';
import type { ReactNode } from 'react';
import { MyBodiesQuery } from '../graphql/operations.ts';

/** A page of the officials' app listing, body by body, what waits for them there (to sign, to visa…). */
export function PerBodyPage({
  title,
  intro,
  hint,
  section,
}: {
  title: string;
  intro: string;
  hint?: string;
  section: (body: { id: string; name: string }) => ReactNode;
}) {
  const { data } = useQuery(MyBodiesQuery);
  const bodies = data?.me.memberships.map((membership) => membership.body) ?? [];
  return (
    <>
      <h1>{title}</h1>
      <p className="fr-text--lead">{intro}</p>
      {bodies.map((body) => section(body))}
      {hint && <p className="fr-hint-text">{hint}</p>}
    </>
  );
}
