/**
 * The embedded provider's pages (sign-in, password reset, choosing a password), in French, with the
 * look of the web app: the same stylesheet of tokens (`/identity/cartable.css`, served with the app)
 * and the sign-in layout (`/identity/login.css`), which the Keycloak theme of deploy/keycloak/ also
 * carries. The one script (`/identity/login.js`: show the password) is a file: no inline script.
 */

export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

const alert = (message: string | null) => (message ? `<p class="cartable-login__alert" role="alert">${escapeHtml(message)}</p>` : '');

/** A whole page: the Cartable brand, a title, the content. */
export function page(title: string, content: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Cartable</title>
<link rel="icon" href="/favicon.ico" sizes="any"><link rel="icon" href="/icons/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/identity/cartable.css"><link rel="stylesheet" href="/identity/login.css">
<script src="/identity/login.js" defer></script></head>
<body class="cartable-login"><main class="cartable-login__card">
<p class="cartable-login__brand"><img src="/icons/icon.svg" alt="" width="40" height="40"><span>Cartable</span></p>
<h1>${escapeHtml(title)}</h1>${content}</main></body></html>`;
}

/** A password field with its « Afficher le mot de passe » box (login.js switches the field's type). */
function passwordField(id: string, label: string, autocomplete: string, hint?: string): string {
  return `<div class="cartable-field"><label for="${id}">${escapeHtml(label)}${hint ? `<span class="cartable-field__hint">${escapeHtml(hint)}</span>` : ''}</label>
<input id="${id}" name="${id}" type="password" autocomplete="${autocomplete}" required${autocomplete === 'new-password' ? ' minlength="12"' : ''}>
<div class="cartable-field__show"><input type="checkbox" id="${id}-show" data-shows="${id}"><label for="${id}-show">Afficher le mot de passe</label></div></div>`;
}

const hiddenFields = (parameters: Partial<Record<string, string>>, names: readonly string[]) =>
  names
    .filter((name) => typeof parameters[name] === 'string')
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(parameters[name]!)}">`)
    .join('');

/** The authorization request's parameters, carried through the sign-in and reset forms. */
export const authorizationParameters = [
  'client_id',
  'redirect_uri',
  'response_type',
  'code_challenge',
  'code_challenge_method',
  'state',
  'nonce',
  'scope',
] as const;

export function loginPage(parameters: Partial<Record<string, string>>, error: string | null, links: { forgotPassword: string }): string {
  return page(
    'Connexion à Cartable',
    `${alert(error)}<form method="post" class="cartable-login__form">${hiddenFields(parameters, authorizationParameters)}
<div class="cartable-field"><label for="username">Identifiant ou adresse électronique</label><input id="username" name="username" type="text" autocomplete="username" required value="${escapeHtml(parameters.username ?? '')}"></div>
${passwordField('password', 'Mot de passe', 'current-password')}
<p class="cartable-login__forgot"><a href="${escapeHtml(links.forgotPassword)}">Mot de passe oublié ?</a></p>
<button type="submit" class="cartable-button">Se connecter</button></form>`,
  );
}

/** Choosing a new password, from an invitation (`key`) or a reset link (`token`). */
export function newPasswordPage(title: string, hidden: Record<string, string>, error: string | null): string {
  return page(
    title,
    `${alert(error)}<form method="post" class="cartable-login__form">${hiddenFields(hidden, Object.keys(hidden))}
${passwordField('password', 'Nouveau mot de passe', 'new-password', '12 caractères au moins')}
${passwordField('confirmation', 'Confirmation du mot de passe', 'new-password')}
<button type="submit" class="cartable-button">Enregistrer</button></form>`,
  );
}

/** « Mot de passe oublié ? »: the email to send the link to; `back` returns to the sign-in form. */
export function forgotPasswordPage(
  parameters: Partial<Record<string, string>>,
  message: { error?: string; sent?: string } | null,
  back: string,
): string {
  const sent = message?.sent ? `<p class="cartable-login__notice" role="status">${escapeHtml(message.sent)}</p>` : '';
  return page(
    'Mot de passe oublié',
    `${alert(message?.error ?? null)}${sent}<p>Indiquez l’adresse électronique de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe.</p>
<form method="post" class="cartable-login__form">${hiddenFields(parameters, authorizationParameters)}
<div class="cartable-field"><label for="email">Adresse électronique</label><input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(parameters.email ?? '')}"></div>
<button type="submit" class="cartable-button">Recevoir le lien</button></form>
<p class="cartable-login__back"><a href="${escapeHtml(back)}">Retour à la connexion</a></p>`,
  );
}
