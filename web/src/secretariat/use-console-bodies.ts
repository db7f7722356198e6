import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { servesConsole } from '../app/landing.ts';
import { MyBodiesQuery } from '../graphql/operations.ts';

export interface ConsoleBody {
  id: string;
  slug: string;
  name: string;
  /** BODY_ADMIN there: the body's billing is theirs to see. */
  administrator: boolean;
}

/** The bodies whose console the caller may open: those where they are secretariat or administrator. */
export function useConsoleBodies(): { bodies: ConsoleBody[]; loading: boolean; error: unknown } {
  const { data, loading, error } = useQuery(MyBodiesQuery);
  const bodies = useMemo(
    () =>
      (data?.me.memberships ?? [])
        .filter((membership) => servesConsole(membership.roles))
        .map((membership) => ({ ...membership.body, administrator: membership.roles.includes('BODY_ADMIN') })),
    [data],
  );
  return { bodies, loading, error };
}
