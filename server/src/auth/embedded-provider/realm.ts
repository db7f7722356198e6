import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The same realm file Keycloak imports: one source of truth for demo users and clients. */
export const realmFile = fileURLToPath(new URL('../../../../deploy/keycloak/realm-cartable.json', import.meta.url));

const realmSchema = z.object({
  realm: z.string(),
  accessTokenLifespan: z.number().int().positive().default(300),
  users: z
    .array(
      z.object({
        id: z.string().optional(),
        username: z.string(),
        email: z.string().optional(),
        emailVerified: z.boolean().default(false),
        enabled: z.boolean().default(true),
        firstName: z.string().optional(),
        lastName: z.string().optional(),
        credentials: z.array(z.object({ type: z.string(), value: z.string().optional() })).default([]),
      }),
    )
    .default([]),
  clients: z.array(
    z.object({
      clientId: z.string(),
      publicClient: z.boolean().default(false),
      directAccessGrantsEnabled: z.boolean().default(false),
      standardFlowEnabled: z.boolean().default(true),
      redirectUris: z.array(z.string()).default([]),
    }),
  ),
});

export interface RealmUser {
  id: string;
  username: string;
  email: string | null;
  emailVerified: boolean;
  firstName: string | null;
  lastName: string | null;
  /** The imported password, in clear as in a Keycloak realm import; hashed by the account store. */
  password: string | null;
}

export interface RealmClient {
  clientId: string;
  publicClient: boolean;
  passwordGrant: boolean;
  codeFlow: boolean;
  redirectUris: string[];
}

export interface Realm {
  name: string;
  accessTokenLifespan: number;
  users: RealmUser[];
  clients: RealmClient[];
}

/**
 * The clients whose tokens the API accepts (`azp`): those users log in through. The embedded provider
 * issues tokens to public clients only; the realm's bearer-only API and its confidential provisioner
 * (a service account) are not among them.
 */
export function loginClients(realm: Realm): string[] {
  return realm.clients.filter((client) => client.publicClient).map((client) => client.clientId);
}

/** Keycloak subjects are UUIDs; a user imported without one gets a stable UUID derived from its name. */
function stableUserId(username: string): string {
  const hex = createHash('sha256').update(`cartable-user:${username}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function loadRealm(file = realmFile): Promise<Realm> {
  const parsed = realmSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  return {
    name: parsed.realm,
    accessTokenLifespan: parsed.accessTokenLifespan,
    users: parsed.users
      .filter((user) => user.enabled)
      .map((user) => ({
        id: user.id ?? stableUserId(user.username),
        username: user.username,
        email: user.email ?? null,
        emailVerified: user.emailVerified,
        firstName: user.firstName ?? null,
        lastName: user.lastName ?? null,
        password: user.credentials.find((credential) => credential.type === 'password')?.value ?? null,
      })),
    clients: parsed.clients.map((client) => ({
      clientId: client.clientId,
      publicClient: client.publicClient,
      passwordGrant: client.directAccessGrantsEnabled,
      codeFlow: client.standardFlowEnabled,
      redirectUris: client.redirectUris,
    })),
  };
}
