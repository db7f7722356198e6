/** The roles `me` gives per membership, and whether the account coordinates the groupement. */
export interface AccountRoles {
  coordinator: boolean;
  memberships: ReadonlyArray<{ roles: ReadonlyArray<string> }>;
}

/** A seat that opens the body's secretariat console: its secretariat or its administrators. */
export function servesConsole(roles: ReadonlyArray<string>): boolean {
  return roles.includes('SECRETARIAT') || roles.includes('BODY_ADMIN');
}

/**
 * Where an account lands right after login when it asked for no page in particular: the coordinator on
 * the groupement's console, a secretariat (or body administrator) on its console, an official on the inbox.
 */
export function landingPath(account: AccountRoles): string {
  if (account.coordinator) return '/coordination';
  if (account.memberships.some((membership) => servesConsole(membership.roles))) return '/secretariat';
  return '/';
}
