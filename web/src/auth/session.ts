import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import type { AppConfig } from '../app/config.ts';

export const callbackPath = '/connexion';

/**
 * The login: authorization code + PKCE (S256) against the OpenID provider (Keycloak, or the one the
 * server embeds), refresh tokens for renewal. The session is kept in localStorage so that the app
 * opens offline with the last user; tokens are short-lived (5 minutes) and refreshed when online.
 */
export class Session {
  readonly manager: UserManager;

  constructor(config: AppConfig) {
    this.manager = new UserManager({
      authority: config.oidcAuthority,
      client_id: config.clientId,
      redirect_uri: `${location.origin}${callbackPath}`,
      post_logout_redirect_uri: `${location.origin}/`,
      response_type: 'code',
      scope: 'openid profile email',
      loadUserInfo: false,
      automaticSilentRenew: true,
      userStore: new WebStorageStateStore({ store: window.localStorage }),
    });
  }

  /** The signed-in user, even with an expired token (offline reading needs no token). */
  user(): Promise<User | null> {
    return this.manager.getUser();
  }

  /** Starts the login; the browser comes back to `callbackPath`, then to `returnTo`. */
  login(returnTo = location.pathname + location.search): Promise<void> {
    return this.manager.signinRedirect({ state: { returnTo } });
  }

  /** Completes a login on `callbackPath`; returns where to go next. */
  async completeLogin(): Promise<string> {
    const user = await this.manager.signinRedirectCallback();
    const returnTo = (user.state as { returnTo?: string } | undefined)?.returnTo;
    return returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
  }

  /** A valid access token, refreshed when needed; null when the session cannot be renewed. */
  async accessToken(): Promise<string | null> {
    const user = await this.manager.getUser();
    if (!user) return null;
    if (!user.expired && (user.expires_in ?? 0) > 10) return user.access_token;
    try {
      return (await this.manager.signinSilent())?.access_token ?? null;
    } catch {
      return null;
    }
  }

  async logout(): Promise<void> {
    const user = await this.manager.getUser();
    await this.manager.removeUser();
    await this.manager.signoutRedirect({ id_token_hint: user?.id_token });
  }
}
