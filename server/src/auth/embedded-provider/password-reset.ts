import { importJWK, jwtVerify, SignJWT } from 'jose';
import type { EmbeddedAccount, EmbeddedAccountStore } from './account-store.js';
import type { SigningKey } from './signing-key.js';

/** How long a reset link stays valid: time to open the email, not a key left lying in a mailbox. */
export const resetLifespanSeconds = 3_600;

const tokenType = 'password-reset';

/**
 * Password reset links of the embedded provider: a token signed with the realm key (RS256) naming the
 * account, expiring after an hour, and carrying a fingerprint of the account's password hash. Changing
 * the password changes the fingerprint, so a link works once — and every older link stops working too —
 * without any token kept on the server.
 */
export class PasswordResets {
  private readonly publicKey: ReturnType<typeof importJWK>;

  constructor(
    private readonly accounts: EmbeddedAccountStore,
    private readonly key: SigningKey,
    private readonly issuer: string,
  ) {
    this.publicKey = importJWK(key.publicJwk, 'RS256');
  }

  issue(account: EmbeddedAccount): Promise<string> {
    return new SignJWT({ typ: tokenType, pwf: this.accounts.passwordFingerprint(account) })
      .setProtectedHeader({ alg: 'RS256', kid: this.key.kid })
      .setIssuer(this.issuer)
      .setAudience(`${this.issuer}/${tokenType}`)
      .setSubject(account.id)
      .setIssuedAt()
      .setExpirationTime(`${resetLifespanSeconds}s`)
      .sign(this.key.privateKey);
  }

  /** The account a token resets, while it is valid: signed here, not expired, password unchanged since. */
  async verify(token: string): Promise<EmbeddedAccount | null> {
    if (!token) return null;
    const claims = await jwtVerify(token, await this.publicKey, {
      issuer: this.issuer,
      audience: `${this.issuer}/${tokenType}`,
      algorithms: ['RS256'],
    }).then(
      ({ payload }) => payload,
      () => null,
    );
    if (claims?.typ !== tokenType || typeof claims.sub !== 'string') return null;
    const account = this.accounts.findById(claims.sub);
    return account && claims.pwf === this.accounts.passwordFingerprint(account) ? account : null;
  }
}
