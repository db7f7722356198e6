import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RealmUser } from './realm.js';

export interface EmbeddedAccount extends Omit<RealmUser, 'password'> {
  /** `salt:hash` (scrypt, hex); null until the invited person sets a password. */
  passwordHash: string | null;
}

interface ActionToken {
  accountId: string;
  expiresAt: number;
}

interface StoredState {
  accounts: EmbeddedAccount[];
  actionTokens: Record<string, ActionToken>;
  /** Passwords reset by realm (demo) users, by account id: they replace the realm file's. */
  resetPasswords?: Record<string, string>;
}

/** How long an invitation link stays valid. */
export const invitationLifespanMs = 72 * 3_600_000;

// scrypt runs on libuv's thread pool: a login never blocks the event loop for its ~50 ms.
const derive = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${(await derive(password, salt, 32)).toString('hex')}`;
}

async function matches(password: string, stored: string): Promise<boolean> {
  const [salt, hash] = stored.split(':');
  return timingSafeEqual(await derive(password, Buffer.from(salt!, 'hex'), 32), Buffer.from(hash!, 'hex'));
}

/**
 * The embedded provider's users: the realm file's (demo) users, plus the accounts created when a
 * secretariat adds a new official, kept in the data folder so they survive restarts. An invitation is
 * a one-time action token that lets the person choose a password (and so verifies their email).
 */
export class EmbeddedAccountStore {
  private constructor(
    private readonly file: string | null,
    private readonly realmAccounts: EmbeddedAccount[],
    private state: StoredState,
    /** A hash of a random password: checked when there is no account or no password, for the same work. */
    private readonly dummyHash: string,
  ) {}

  static async open(dataDir: string | null, realmUsers: readonly RealmUser[]): Promise<EmbeddedAccountStore> {
    const file = dataDir ? path.join(dataDir, 'embedded-accounts.json') : null;
    const state: StoredState =
      file && existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as StoredState) : { accounts: [], actionTokens: {} };
    const realmAccounts = await Promise.all(
      realmUsers.map(async ({ password, ...user }) => ({
        ...user,
        passwordHash: state.resetPasswords?.[user.id] ?? (password === null ? null : await hashPassword(password)),
      })),
    );
    return new EmbeddedAccountStore(file, realmAccounts, state, await hashPassword(randomBytes(16).toString('hex')));
  }

  private get accounts(): EmbeddedAccount[] {
    return [...this.realmAccounts, ...this.state.accounts];
  }

  findByLogin(login: string): EmbeddedAccount | undefined {
    const lowered = login.toLowerCase();
    return this.accounts.find((account) => account.username === login || account.email?.toLowerCase() === lowered);
  }

  findByEmail(email: string): EmbeddedAccount | undefined {
    const lowered = email.toLowerCase();
    return this.accounts.find((account) => account.email?.toLowerCase() === lowered);
  }

  /**
   * Whether the password is the account's. Without an account (unknown login) or a password (invitation
   * not completed yet), a dummy hash is checked instead: the answer takes as long, and so tells nothing.
   */
  async checkPassword(account: EmbeddedAccount | undefined, password: string): Promise<boolean> {
    const stored = account?.passwordHash ?? null;
    const matched = await matches(password, stored ?? this.dummyHash);
    return stored !== null && matched;
  }

  async create(input: { email: string; firstName: string | null; lastName: string | null }): Promise<EmbeddedAccount> {
    const existing = this.findByEmail(input.email);
    if (existing) return existing;
    const account: EmbeddedAccount = {
      id: randomUUID(),
      username: input.email.toLowerCase(),
      email: input.email,
      emailVerified: false,
      firstName: input.firstName,
      lastName: input.lastName,
      passwordHash: null,
    };
    this.state.accounts.push(account);
    await this.save();
    return account;
  }

  /** A one-time token for the "choose your password" page, valid 72 hours. */
  async issueActionToken(accountId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    this.state.actionTokens[token] = { accountId, expiresAt: Date.now() + invitationLifespanMs };
    await this.save();
    return token;
  }

  isActionTokenValid(token: string): boolean {
    const action = this.state.actionTokens[token];
    return action !== undefined && action.expiresAt > Date.now();
  }

  /** Sets the password and verifies the email of the token's account; the token is spent. */
  async completeAction(token: string, password: string): Promise<EmbeddedAccount | null> {
    const action = this.state.actionTokens[token];
    delete this.state.actionTokens[token];
    const account =
      action && action.expiresAt > Date.now() ? this.state.accounts.find((candidate) => candidate.id === action.accountId) : undefined;
    if (!account) {
      await this.save();
      return null;
    }
    account.passwordHash = await hashPassword(password);
    account.emailVerified = true;
    await this.save();
    return account;
  }

  /**
   * A digest of the account's current password hash (salted, so it changes with every new password,
   * even the same one): a reset token carries it, and so works only until the password changes.
   */
  passwordFingerprint(account: EmbeddedAccount): string {
    return createHash('sha256')
      .update(account.passwordHash ?? 'no password')
      .digest('base64url')
      .slice(0, 22);
  }

  findById(accountId: string): EmbeddedAccount | undefined {
    return this.accounts.find((account) => account.id === accountId);
  }

  /** A new password for the account (a reset through its mailbox, which also verifies the email). */
  async resetPassword(account: EmbeddedAccount, password: string): Promise<void> {
    account.passwordHash = await hashPassword(password);
    account.emailVerified = true;
    if (this.realmAccounts.includes(account))
      this.state.resetPasswords = { ...this.state.resetPasswords, [account.id]: account.passwordHash };
    await this.save();
  }

  private async save(): Promise<void> {
    if (!this.file) return;
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(this.state), { mode: 0o600 });
    await rename(temporary, this.file);
  }
}
