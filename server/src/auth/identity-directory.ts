import KeycloakAdminClient from '@keycloak/keycloak-admin-client';
import type { Logger } from '../common/logger.js';
import type { EmailSender } from '../notify/email.js';
import type { Body } from '../platform/bodies/body.entity.js';
import { mailIdentity } from '../notify/mail-identity.js';
import { invitationEmail } from './embedded-provider/account-emails.js';
import { invitationLifespanMs, type EmbeddedAccountStore } from './embedded-provider/account-store.js';

export interface IdentityAccount {
  subject: string;
  emailVerified: boolean;
}

/** The body that invites: its name, and the identity of its emails. */
export type InvitingBody = Pick<Body, 'name' | 'mailSenderName' | 'mailReplyTo'>;

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
  /** Resolves once the invitation email is handed to the mail server (the promise rejects otherwise). */
  sendInvitation(subject: string, body: InvitingBody): Promise<void>;
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
      const { id } = await (
        await authenticated()
      ).users.create({
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
    // Keycloak sends its own email, from the realm's SMTP settings (one sender for the realm).
    async sendInvitation(subject) {
      await (
        await authenticated()
      ).users.executeActionsEmail({
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
  /** The product's email channel (SMTP, or the demo outbox). */
  email: EmailSender;
  logger: Logger;
}

/**
 * The embedded provider's directory. The invitation is a one-time action token, sent by the product's
 * email channel from the inviting body (its sender name and Reply-To), with the day its link expires.
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
    async sendInvitation(subject, body) {
      const account = options.accounts.findById(subject);
      if (!account?.email) throw new Error(`no account with an email for ${subject}`);
      const token = await options.accounts.issueActionToken(subject);
      const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || null;
      const sent = await options.email.send({
        to: account.email,
        ...(name ? { toName: name } : {}),
        ...invitationEmail({
          name,
          bodyName: body.name,
          username: account.username,
          link: `${options.realmUrl}/login-actions/action-token?key=${token}`,
          expiresAt: new Date(Date.now() + invitationLifespanMs),
        }),
        ...mailIdentity(body),
        messageId: `cartable.invitation.${token.slice(0, 16)}`,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      options.logger.info({ subject, messageId: sent.messageId }, 'invitation to choose a password sent');
    },
  };
}
