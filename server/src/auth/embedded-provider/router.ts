import { createHash, randomBytes, randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type Response, Router } from 'express';
import { importJWK, jwtVerify, SignJWT } from 'jose';
import { clientErrorStatus } from '../../http/error-handler.js';
import type { Logger } from '../../common/logger.js';
import type { EmailSender } from '../../notify/email.js';
import { passwordResetEmail } from './account-emails.js';
import type { EmbeddedAccount, EmbeddedAccountStore } from './account-store.js';
import type { LoginGuard, LoginOutcome } from './login-guard.js';
import { authorizationParameters, escapeHtml, forgotPasswordPage, loginPage, newPasswordPage, page } from './pages.js';
import { PasswordResets, resetLifespanSeconds } from './password-reset.js';
import type { Realm, RealmClient } from './realm.js';
import type { SigningKey } from './signing-key.js';

export interface EmbeddedProviderOptions {
  /** Origin of the app; the issuer is `<origin>/realms/<realm>`, as with Keycloak. */
  publicUrl: string;
  realm: Realm;
  accounts: EmbeddedAccountStore;
  key: SigningKey;
  /** The API client id, placed in every access token's `aud` (Keycloak's audience mapper). */
  audience: string;
  /** Lockouts and per-address limits of the login endpoints. */
  guard: LoginGuard;
  /** Sends the password reset links (from the platform's sender address). */
  email: EmailSender;
  logger: Logger;
}

interface PendingCode {
  user: EmbeddedAccount;
  client: RealmClient;
  redirectUri: string;
  codeChallenge: string;
  nonce: string | null;
  expiresAt: number;
}

const tokenPath = '/protocol/openid-connect/token';
const authPath = '/protocol/openid-connect/auth';
const forgotPasswordPath = '/login-actions/reset-credentials';
const resetPasswordPath = '/login-actions/reset-password';
/** One reset email per account in this window, whatever the number of requests (no mailbox flooding). */
const resetEmailIntervalMs = 60_000;
const minimumPasswordLength = 12;
const passwordRule = `Le mot de passe doit compter au moins ${minimumPasswordLength} caractères et les deux saisies doivent être identiques.`;

/** A body that is not a form of single-valued fields without NUL: answered 400, whatever the endpoint. */
class MalformedRequestError extends Error {
  override readonly name = 'MalformedRequestError';
}

/**
 * The fields of a parsed form (or query string), each one string without NUL. Anything else — no form
 * at all (JSON, another content type, no body), a repeated field — is a MalformedRequestError.
 */
function formFields(source: unknown): Partial<Record<string, string>> {
  if (typeof source !== 'object' || source === null) throw new MalformedRequestError('not a form');
  const fields: Partial<Record<string, string>> = {};
  for (const [name, value] of Object.entries(source)) {
    if (typeof value !== 'string' || value.includes('\0') || name.includes('\0'))
      throw new MalformedRequestError(`bad field ${JSON.stringify(name)}`);
    fields[name] = value;
  }
  return fields;
}

/** « 1 minute », « 15 minutes »: a wait, rounded up to the minute. */
function aboutMinutes(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** What the login form says to a locked login: the same for an account and for a name that matches none. */
const lockedMessage = (seconds: number) =>
  `Trop d’échecs de connexion avec cet identifiant. Par sécurité, réessayez dans environ ${aboutMinutes(seconds)}.`;
const throttledMessage = (seconds: number) =>
  `Trop de tentatives de connexion depuis votre adresse réseau. Réessayez dans environ ${aboutMinutes(seconds)}.`;

/**
 * An OpenID provider mounted in the app for `npm start` and the default tests. It follows Keycloak's URL
 * layout and token claims, so the very same verifier accepts its tokens: discovery, JWKS, password grant
 * (for `cartable-cli`), authorization code with PKCE S256 (for the web app), refresh, userinfo.
 */
export function createEmbeddedProviderRouter(options: EmbeddedProviderOptions): Router {
  const { realm, accounts, key, audience, guard } = options;
  const issuer = `${options.publicUrl}/realms/${realm.name}`;
  const endpoints = `${issuer}/protocol/openid-connect`;
  const codes = new Map<string, PendingCode>();
  const refreshTokens = new Map<string, { user: EmbeddedAccount; client: RealmClient; sessionId: string; expiresAt: number }>();
  const router = Router();
  router.use(express.urlencoded({ extended: false, limit: '16kb' }));
  const resets = new PasswordResets(accounts, key, issuer);
  const lastResetEmail = new Map<string, number>();
  /** A form's authorization parameters as a query string, to go from the sign-in form to the reset form and back. */
  const carried = (parameters: Partial<Record<string, string>>) => {
    const query = new URLSearchParams();
    for (const name of authorizationParameters) if (parameters[name] !== undefined) query.set(name, parameters[name]);
    return query.toString();
  };
  const signInPage = (parameters: Partial<Record<string, string>>, error: string | null) =>
    loginPage(parameters, error, { forgotPassword: `${issuer}${forgotPasswordPath}?${carried(parameters)}` });

  const findClient = (clientId: unknown) => realm.clients.find((client) => client.clientId === clientId);
  const redirectAllowed = (client: RealmClient, uri: string) => isRegisteredRedirect(client, uri, options.publicUrl);

  const authenticate = (request: Request, username: string | undefined, password: string | undefined): Promise<LoginOutcome> =>
    username && password !== undefined ? guard.logIn(request.ip, username, password) : Promise.resolve({ kind: 'refused' });

  /** A refresh keeps the session id (`sid`), so that logging out ends every token of the session. */
  const issueTokens = async (user: EmbeddedAccount, client: RealmClient, nonce: string | null = null, sessionId: string = randomUUID()) => {
    const now = Math.floor(Date.now() / 1000);
    const profile = {
      email: user.email ?? undefined,
      email_verified: user.emailVerified,
      preferred_username: user.username,
      name: [user.firstName, user.lastName].filter(Boolean).join(' ') || user.username,
      given_name: user.firstName ?? undefined,
      family_name: user.lastName ?? undefined,
    };
    const sign = (claims: Record<string, unknown>, lifespan: number) =>
      new SignJWT({ ...claims, iat: now, exp: now + lifespan, jti: randomUUID(), iss: issuer, sub: user.id, sid: sessionId })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
        .sign(key.privateKey);
    const accessToken = await sign(
      { typ: 'Bearer', aud: [audience], azp: client.clientId, scope: 'openid email profile', ...profile },
      realm.accessTokenLifespan,
    );
    const idToken = await sign(
      { typ: 'ID', aud: client.clientId, azp: client.clientId, nonce: nonce ?? undefined, ...profile },
      realm.accessTokenLifespan,
    );
    const refreshToken = randomBytes(32).toString('base64url');
    refreshTokens.set(refreshToken, { user, client, sessionId, expiresAt: Date.now() + 30 * 60_000 });
    return {
      access_token: accessToken,
      expires_in: realm.accessTokenLifespan,
      refresh_token: refreshToken,
      refresh_expires_in: 1800,
      id_token: idToken,
      token_type: 'Bearer',
      scope: 'openid email profile',
      session_state: sessionId,
    };
  };

  const oauthError = (response: Response, status: number, error: string, description: string) =>
    response.status(status).json({ error, error_description: description });

  router.get('/.well-known/openid-configuration', (_request, response) => {
    response.json({
      issuer,
      authorization_endpoint: `${endpoints}/auth`,
      token_endpoint: `${endpoints}/token`,
      userinfo_endpoint: `${endpoints}/userinfo`,
      jwks_uri: `${endpoints}/certs`,
      end_session_endpoint: `${endpoints}/logout`,
      grant_types_supported: ['authorization_code', 'password', 'refresh_token'],
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'email', 'profile'],
    });
  });

  router.get('/', (_request, response) => {
    response.json({ realm: realm.name, public_key: key.publicKeyDer, 'token-service': endpoints });
  });

  router.get('/protocol/openid-connect/certs', (_request, response) => {
    response.json({ keys: [key.publicJwk] });
  });

  const tooManyTokenRequests = (response: Response, seconds: number) =>
    response.json({ error: 'slow_down', error_description: `Too many requests from this address; retry in ${seconds} s` });

  router.post(tokenPath, guard.limitRequests('token', tooManyTokenRequests), async (request: Request, response: Response) => {
    const body = formFields(request.body);
    if (!body.grant_type || !body.client_id)
      return oauthError(response, 400, 'invalid_request', 'Missing form parameter: grant_type or client_id');
    const client = findClient(body.client_id);
    if (!client || !client.publicClient) return oauthError(response, 401, 'unauthorized_client', 'Invalid client');
    switch (body.grant_type) {
      case 'password': {
        if (!client.passwordGrant) return oauthError(response, 400, 'unauthorized_client', 'Client not allowed for direct access grants');
        const outcome = await authenticate(request, body.username, body.password);
        switch (outcome.kind) {
          case 'success':
            return response.json(await issueTokens(outcome.account, client));
          case 'refused':
            return oauthError(response, 401, 'invalid_grant', 'Invalid user credentials');
          case 'locked':
            response.set('Retry-After', String(outcome.retryAfterSeconds));
            return oauthError(
              response,
              401,
              'invalid_grant',
              `Account temporarily disabled after repeated failed logins; retry in ${outcome.retryAfterSeconds} s`,
            );
          case 'throttled':
            response.status(429).set('Retry-After', String(outcome.retryAfterSeconds));
            return tooManyTokenRequests(response, outcome.retryAfterSeconds);
        }
      }
      case 'authorization_code': {
        const pending = body.code === undefined ? undefined : codes.get(body.code);
        if (body.code !== undefined) codes.delete(body.code);
        const verifier = body.code_verifier ?? '';
        if (
          !pending ||
          pending.expiresAt < Date.now() ||
          pending.client.clientId !== client.clientId ||
          pending.redirectUri !== body.redirect_uri ||
          createHash('sha256').update(verifier).digest('base64url') !== pending.codeChallenge
        ) {
          return oauthError(response, 400, 'invalid_grant', 'Code not valid');
        }
        return response.json(await issueTokens(pending.user, client, pending.nonce));
      }
      case 'refresh_token': {
        const token = body.refresh_token ?? '';
        const session = refreshTokens.get(token);
        refreshTokens.delete(token);
        if (!session || session.expiresAt < Date.now() || session.client.clientId !== client.clientId) {
          return oauthError(response, 400, 'invalid_grant', 'Invalid refresh token');
        }
        return response.json(await issueTokens(session.user, client, null, session.sessionId));
      }
      default:
        return oauthError(response, 400, 'unsupported_grant_type', 'Unsupported grant_type');
    }
  });

  const authorizationRequest = (query: Record<string, unknown>) => {
    const client = findClient(query.client_id);
    const redirectUri = typeof query.redirect_uri === 'string' ? query.redirect_uri : '';
    if (!client?.codeFlow || !redirectAllowed(client, redirectUri)) return null;
    if (query.response_type !== 'code' || query.code_challenge_method !== 'S256') return null;
    if (typeof query.code_challenge !== 'string' || query.code_challenge.length < 43) return null;
    return { client, redirectUri, codeChallenge: query.code_challenge };
  };

  router.get(authPath, (request, response) => {
    const query = formFields(request.query);
    if (!authorizationRequest(query)) {
      return response.status(400).type('text/plain').send('Requête d’autorisation invalide.');
    }
    response.type('html').send(signInPage(query, null));
  });

  const tooManyLogins = (response: Response, seconds: number) =>
    response
      .type('html')
      .send(page('Connexion à Cartable', `<p class="cartable-login__alert" role="alert">${escapeHtml(throttledMessage(seconds))}</p>`));

  router.post(authPath, guard.limitRequests('form', tooManyLogins), async (request, response) => {
    const body = formFields(request.body);
    const valid = authorizationRequest(body);
    if (!valid) return response.status(400).type('text/plain').send('Requête d’autorisation invalide.');
    const outcome = await authenticate(request, body.username, body.password);
    switch (outcome.kind) {
      case 'success':
        break;
      case 'refused':
        return response.status(401).type('html').send(signInPage(body, 'Identifiant ou mot de passe incorrect.'));
      case 'locked':
        response.status(401).set('Retry-After', String(outcome.retryAfterSeconds));
        return response.type('html').send(signInPage(body, lockedMessage(outcome.retryAfterSeconds)));
      case 'throttled':
        response.status(429).set('Retry-After', String(outcome.retryAfterSeconds));
        return response.type('html').send(signInPage(body, throttledMessage(outcome.retryAfterSeconds)));
    }
    const code = randomBytes(32).toString('base64url');
    codes.set(code, { ...valid, user: outcome.account, nonce: body.nonce || null, expiresAt: Date.now() + 60_000 });
    const target = new URL(valid.redirectUri);
    target.searchParams.set('code', code);
    if (body.state) target.searchParams.set('state', body.state);
    target.searchParams.set('iss', issuer);
    response.redirect(302, target.toString());
  });

  // RP-initiated logout: a valid id_token_hint ends its session (its refresh tokens stop working), and
  // the browser goes back to a registered post-logout URI of the client that the hint names.
  const publicKey = importJWK(key.publicJwk, 'RS256');
  router.get('/protocol/openid-connect/logout', async (request, response) => {
    const hint = typeof request.query.id_token_hint === 'string' ? request.query.id_token_hint : '';
    const claims = hint
      ? await jwtVerify(hint, await publicKey, { issuer, algorithms: ['RS256'] }).then(
          ({ payload }) => payload,
          () => null,
        )
      : null;
    if (claims?.sid) {
      for (const [token, session] of refreshTokens) if (session.sessionId === claims.sid) refreshTokens.delete(token);
    }
    const client = findClient(claims?.aud ?? request.query.client_id);
    const target = typeof request.query.post_logout_redirect_uri === 'string' ? request.query.post_logout_redirect_uri : null;
    if (client && target && redirectAllowed(client, target)) {
      const destination = new URL(target);
      if (typeof request.query.state === 'string') destination.searchParams.set('state', request.query.state);
      return response.redirect(302, destination.toString());
    }
    response.type('text/plain').send('Déconnecté.');
  });

  // Keycloak's "execute actions" link: the invited person chooses a password, which verifies the email.
  router.get('/login-actions/action-token', (request, response) => {
    const key = typeof request.query.key === 'string' ? request.query.key : '';
    if (!accounts.isActionTokenValid(key)) {
      return response
        .status(400)
        .type('html')
        .send(
          page(
            'Lien expiré',
            '<p class="cartable-login__alert" role="alert">Ce lien n’est plus valable. Demandez une nouvelle invitation à votre secrétariat.</p>',
          ),
        );
    }
    response.type('html').send(newPasswordPage('Choisissez votre mot de passe', { key }, null));
  });

  router.post('/login-actions/action-token', async (request, response) => {
    const body = formFields(request.body);
    const key = body.key ?? '';
    if (!accounts.isActionTokenValid(key)) {
      return response
        .status(400)
        .type('html')
        .send(page('Lien expiré', '<p class="cartable-login__alert" role="alert">Ce lien n’est plus valable.</p>'));
    }
    if (!acceptablePassword(body)) {
      return response
        .status(400)
        .type('html')
        .send(newPasswordPage('Choisissez votre mot de passe', { key }, passwordRule));
    }
    const account = await accounts.completeAction(key, body.password!);
    if (!account)
      return response
        .status(400)
        .type('html')
        .send(page('Lien expiré', '<p class="cartable-login__alert" role="alert">Ce lien n’est plus valable.</p>'));
    response
      .type('html')
      .send(
        page(
          'Mot de passe enregistré',
          `<p class="cartable-login__notice" role="status">Votre mot de passe est enregistré. Vous pouvez vous connecter avec l’identifiant <strong>${escapeHtml(account.username)}</strong>.</p><p><a class="cartable-button" href="${escapeHtml(options.publicUrl)}/">Aller à Cartable</a></p>`,
        ),
      );
  });

  // « Mot de passe oublié ? »: the same answer whether or not an account has this email (no account
  // enumeration), and the email leaves after the answer, so its time tells nothing either. The
  // per-address limit of the sign-in form applies; a lockout is not lifted by a reset (it runs out).
  router.get(forgotPasswordPath, (request, response) => {
    const query = formFields(request.query);
    response.type('html').send(forgotPasswordPage(query, null, `${issuer}${authPath}?${carried(query)}`));
  });

  router.post(forgotPasswordPath, guard.limitRequests('form', tooManyLogins), (request, response) => {
    const body = formFields(request.body);
    const address = (body.email ?? '').trim();
    const back = `${issuer}${authPath}?${carried(body)}`;
    if (!address.includes('@')) {
      return response
        .status(400)
        .type('html')
        .send(forgotPasswordPage(body, { error: 'Indiquez une adresse électronique (exemple : prenom.nom@ville.fr).' }, back));
    }
    response.type('html').send(
      forgotPasswordPage(
        body,
        {
          sent: `Si un compte correspond à l’adresse ${address}, un courriel vient de lui être envoyé avec un lien valable 1 heure. Pensez à regarder dans les courriels indésirables.`,
        },
        back,
      ),
    );
    const account = accounts.findByEmail(address);
    if (!account?.email) return;
    const now = Date.now();
    if (now - (lastResetEmail.get(account.id) ?? 0) < resetEmailIntervalMs) return;
    lastResetEmail.set(account.id, now);
    void sendResetEmail(account, account.email).catch((error: unknown) =>
      options.logger.error({ err: error, subject: account.id }, 'password reset email could not be sent'),
    );
  });

  const sendResetEmail = async (account: EmbeddedAccount, to: string) => {
    const token = await resets.issue(account);
    const name = [account.firstName, account.lastName].filter(Boolean).join(' ') || null;
    await options.email.send({
      to,
      ...(name ? { toName: name } : {}),
      ...passwordResetEmail({
        name,
        username: account.username,
        link: `${issuer}${resetPasswordPath}?token=${token}`,
        expiresAt: new Date(Date.now() + resetLifespanSeconds * 1000),
      }),
      messageId: `cartable.reset.${randomUUID()}`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  };

  const expiredResetPage = page(
    'Lien expiré',
    `<p class="cartable-login__alert" role="alert">Ce lien n’est plus valable : il a déjà servi ou a expiré. Demandez un nouveau lien depuis « Mot de passe oublié ? ».</p><p class="cartable-login__back"><a href="${escapeHtml(options.publicUrl)}/">Retour à Cartable</a></p>`,
  );

  router.get(resetPasswordPath, async (request, response) => {
    const token = typeof request.query.token === 'string' ? request.query.token : '';
    if (!(await resets.verify(token))) return response.status(400).type('html').send(expiredResetPage);
    response.type('html').send(newPasswordPage('Nouveau mot de passe', { token }, null));
  });

  router.post(resetPasswordPath, guard.limitRequests('form', tooManyLogins), async (request, response) => {
    const body = formFields(request.body);
    const token = body.token ?? '';
    const account = await resets.verify(token);
    if (!account) return response.status(400).type('html').send(expiredResetPage);
    if (!acceptablePassword(body))
      return response
        .status(400)
        .type('html')
        .send(newPasswordPage('Nouveau mot de passe', { token }, passwordRule));
    await accounts.resetPassword(account, body.password!);
    options.logger.info({ subject: account.id }, 'password reset through the emailed link');
    response
      .type('html')
      .send(
        page(
          'Mot de passe modifié',
          `<p class="cartable-login__notice" role="status">Votre mot de passe est modifié. Connectez-vous avec l’identifiant <strong>${escapeHtml(account.username)}</strong> et ce nouveau mot de passe.</p><p><a class="cartable-button" href="${escapeHtml(options.publicUrl)}/">Aller à Cartable</a></p>`,
        ),
      );
  });

  router.use(malformedRequestHandler);
  return router;
}

const acceptablePassword = (body: Partial<Record<string, string>>) =>
  (body.password ?? '').length >= minimumPasswordLength && body.password === body.confirmation;

/**
 * A body the provider cannot read — not a form, a repeated field, a NUL, too large, a bad charset — is
 * a 400: OAuth's `invalid_request` at the token endpoint, a French page elsewhere. Other errors go on
 * to the app's handler (a logged 500, never a stack trace).
 */
const malformedRequestHandler: ErrorRequestHandler = (error, request, response, next) => {
  if (!(error instanceof MalformedRequestError) && clientErrorStatus(error) === null) return next(error);
  if (request.path === tokenPath) {
    return response.status(400).json({
      error: 'invalid_request',
      error_description: 'The body must be an application/x-www-form-urlencoded form of single-valued fields (16 kB at most)',
    });
  }
  response
    .status(400)
    .type('html')
    .send(
      page(
        'Requête invalide',
        '<p class="cartable-login__alert" role="alert">Cette requête est mal formée. Revenez à l’application et recommencez.</p>',
      ),
    );
};

/**
 * Keycloak's redirect URI rules: a pattern may end with `*` (prefix match), and a relative pattern
 * (`/*`) is relative to the client's root URL — here the app itself, which serves this provider.
 */
export function isRegisteredRedirect(client: RealmClient, uri: string, publicUrl: string): boolean {
  return client.redirectUris.some((registered) => {
    const pattern = registered.startsWith('/') ? `${publicUrl.replace(/\/$/, '')}${registered}` : registered;
    return pattern.endsWith('*') ? uri.startsWith(pattern.slice(0, -1)) : uri === pattern;
  });
}
