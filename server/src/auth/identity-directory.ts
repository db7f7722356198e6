import KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type { Logger } from '../common/logger.js';
import type { EmbeddedAccountStore } from './embedded-provider/account-store.js';

export interface IdentityAccount {
  subject: string;
  emailVerified: boolean;
}

export interface NewAccount {
  email: string;
  firstName: string | null;
  lastName: string | null;
}

/**
 * The identity server's user directory, as provisioning needs it: find an account by email, create one,
 * send the invitation to choose a password. Keycloak in production, the embedded provider otherwise.
 */
export interface IdentityDirectory {
  findAccountByEmail(email: string): Promise<IdentityAccount | null>;
  createAccount(account: NewAccount): Promise<IdentityAccount>;
  sendInvitation(subject: string): Promise<void>;
}

export interface KeycloakDirectoryOptions {
  serverUrl: string;
  realm: string;
  /** A confidential client with a service account (realm-management: manage-users): never the admin password. */
  clientId: string;
  clientSecret: string;
  /** The client and URL the invited person lands on after choosing a password. */
  webClientId: string;
  redirectUri: string;
}

const invitationLifespanSeconds = 72 * 3600;

export function createKeycloakDirectory(options: KeycloakDirectoryOptions): IdentityDirectory {
  const client = new KeycloakAdminClient({ baseUrl: options.serverUrl, realmName: options.realm });
  let tokenExpiresAt = 0;
  const authenticated = async () => {
    if (Date.now() < tokenExpiresAt) return client;
    await client.auth({ grantType: 'client_credentials', clientId: options.clientId, clientSecret: options.clientSecret });
    // Service-account tokens live 5 minutes by default; renew a minute early.
    tokenExpiresAt = Date.now() + 4 * 60_000;
    return client;
  };
  return {
    async findAccountByEmail(email) {
      const [user] = await (await authenticated()).users.find({ email, exact: true, max: 1 });
      return user?.id ? { subject: user.id, emailVerified: user.emailVerified === true } : null;
    },
    async createAccount(account) {
      const { id } = await (await authenticated()).users.create({
        username: account.email.toLowerCase(),
        email: account.email,
        firstName: account.firstName ?? undefined,
        lastName: account.lastName ?? undefined,
        enabled: true,
        emailVerified: false,
        requiredActions: ['UPDATE_PASSWORD'],
      });
      return { subject: id, emailVerified: false };
    },
    async sendInvitation(subject) {
      await (await authenticated()).users.executeActionsEmail({
        id: subject,
        actions: ['UPDATE_PASSWORD', 'VERIFY_EMAIL'],
        clientId: options.webClientId,
        redirectUri: options.redirectUri,
        lifespan: invitationLifespanSeconds,
      });
    },
  };
}

export interface EmbeddedDirectoryOptions {
  accounts: EmbeddedAccountStore;
  /** Base of the embedded provider, `<origin>/realms/<realm>`. */
  realmUrl: string;
  logger: Logger;
}

/**
 * The embedded provider's directory. Until email delivery exists in the product, the invitation link is
 * written to the log (the demo has no mailbox); the action token itself is the same one-time mechanism.
 */
export function createEmbeddedDirectory(options: EmbeddedDirectoryOptions): IdentityDirectory {
  return {
    async findAccountByEmail(email) {
      const account = options.accounts.findByEmail(email);
      return account ? { subject: account.id, emailVerified: account.emailVerified } : null;
    },
    async createAccount(account) {
      const created = await options.accounts.create(account);
      return { subject: created.id, emailVerified: created.emailVerified };
    },
    async sendInvitation(subject) {
      const token = await options.accounts.issueActionToken(subject);
      const link = `${options.realmUrl}/login-actions/action-token?key=${token}`;
      options.logger.info({ subject, link }, 'invitation to choose a password');
    },
  };
}
