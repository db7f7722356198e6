import type { AssemblyRole } from '../../graphql/generated/secretariat/graphql.ts';

const titulaireRoles: AssemblyRole[] = ['MEMBRE', 'PRESIDENT', 'VICE_PRESIDENT'];

/**
 * The functions offered for a seat: SUPPLEANT only where the assembly has suppléants (CGCT L5211-6,
 * L5212-7), and an existing seat never switches between titulaire and suppléant (the API refuses it).
 */
export function roleOptions(hasSuppleants: boolean, current?: AssemblyRole): AssemblyRole[] {
  if (current === 'SUPPLEANT') return ['SUPPLEANT'];
  if (current) return titulaireRoles;
  return hasSuppleants ? [...titulaireRoles, 'SUPPLEANT'] : titulaireRoles;
}

interface Seat {
  id: string;
  role: AssemblyRole;
  titulaireSeatId?: string | null;
}

/** The seats a new suppléant may replace: titulaires without a suppléant yet. */
export function titulaireCandidates<S extends Seat>(seats: readonly S[]): S[] {
  const replaced = new Set(seats.map((seat) => seat.titulaireSeatId).filter(Boolean));
  return seats.filter((seat) => seat.role !== 'SUPPLEANT' && !replaced.has(seat.id));
}
