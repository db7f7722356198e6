import { frenchDateTime } from '../../common/french.js';
import { escapeHtml } from './pages.js';

export interface AccountEmail {
  subject: string;
  text: string;
  html: string;
}

/** The time zone in which an account email states when its link expires (the accounts are not a body's). */
const accountTimeZone = 'Europe/Paris';

function email(subject: string, paragraphs: string[], link: string): AccountEmail {
  return {
    subject,
    text: paragraphs.join('\n\n').replace('{link}', link),
    html: `<!doctype html><html lang="fr"><body>
${paragraphs.map((paragraph) => (paragraph === '{link}' ? `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>` : `<p>${escapeHtml(paragraph)}</p>`)).join('\n')}
</body></html>`,
  };
}

const greeting = (name: string | null) => (name ? `Bonjour ${name},` : 'Bonjour,');

/** The invitation of a new account to choose its password, with the day and hour its link expires. */
export function invitationEmail(input: {
  name: string | null;
  bodyName: string;
  username: string;
  link: string;
  expiresAt: Date;
}): AccountEmail {
  return email(
    `Votre accès à Cartable — ${input.bodyName}`,
    [
      greeting(input.name),
      `${input.bodyName} vous ouvre un accès à Cartable, le cartable numérique des élus : vous y trouverez vos convocations, les ordres du jour et les documents des séances.`,
      'Pour activer votre compte, choisissez votre mot de passe en ouvrant ce lien :',
      '{link}',
      `Ce lien est valable jusqu’au ${frenchDateTime(input.expiresAt, accountTimeZone)} (72 heures) et ne sert qu’une fois. Passé ce délai, demandez une nouvelle invitation au secrétariat.`,
      `Votre identifiant : ${input.username}`,
    ],
    input.link,
  );
}

/** The password reset link, with when it expires; says what to do when the request was not the reader's. */
export function passwordResetEmail(input: { name: string | null; username: string; link: string; expiresAt: Date }): AccountEmail {
  return email(
    'Cartable : choisir un nouveau mot de passe',
    [
      greeting(input.name),
      `Une demande de nouveau mot de passe a été faite pour votre compte Cartable (identifiant : ${input.username}). Pour choisir votre nouveau mot de passe, ouvrez ce lien :`,
      '{link}',
      `Ce lien est valable jusqu’au ${frenchDateTime(input.expiresAt, accountTimeZone)} (1 heure) et ne sert qu’une fois.`,
      'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe actuel reste valable.',
    ],
    input.link,
  );
}
