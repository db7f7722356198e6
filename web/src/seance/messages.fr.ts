/**
 * The officials' « Séance en cours » part of the French catalogue (`messages.liveSeance`), kept beside
 * the séance's shared code; `i18n/messages.fr.ts` includes it.
 */
import { cited } from '../i18n/legal-text.ts';
import { plural } from '../i18n/plural.ts';

export const liveSeanceFr = {
  title: 'Séance en cours',
  link: 'Suivre la séance en cours',
  linkHint: 'Le point examiné, ses documents et les votes, en direct.',
  backToMeeting: 'Retour à la séance',
  notOpen: 'La séance n’est pas ouverte : cette page la suivra dès son ouverture.',
  suspended: 'La séance est suspendue.',
  closed: 'La séance est close.',
  closedSession: 'Huis clos',
  currentItem: 'Point en cours',
  noCurrentItem: 'Aucun point n’est en cours d’examen.',
  item: (number: string, title: string) => `${number}. ${title}`,
  rapporteur: (name: string) => `Rapporteur : ${name}`,
  documents: 'Documents du point',
  noDocument: 'Aucun document pour ce point.',
  vote: {
    title: 'Vote en cours',
    onItem: (number: string, title: string) => `Point ${number} « ${title} »`,
    secret: 'Scrutin secret',
    secretHint: 'Votre choix n’est conservé avec votre nom nulle part : seul le fait que vous avez voté est enregistré.',
    public: 'Scrutin public',
    publicHint: 'Votre vote est nominatif : il figurera au procès-verbal.',
    hand: 'Vote à main levée',
    notElectronic: 'Ce vote a lieu dans la salle : levez la main, le secrétariat compte les voix.',
    rollCall: 'Vote par appel nominal : répondez à l’appel de votre nom, le secrétariat enregistre le vote de chacun.',
    paperBallot: 'Scrutin secret dans la salle : votez à bulletin secret, le secrétariat saisit le résultat du dépouillement.',
    mine: 'Mon vote',
    forProxy: (name: string) => `Pour ${name} (pouvoir)`,
    choices: { FOR: 'Pour', AGAINST: 'Contre', ABSTENTION: 'Abstention', NOT_VOTING: 'Ne prend pas part', BLANK: 'Blanc' } as Record<
      string,
      string
    >,
    choiceLabel: (choice: string, ballot: string) => `${choice} — ${ballot}`,
    cast: (choice: string) => `Vote enregistré : ${choice}.`,
    presidentChoice: 'Sens du vote du président (voix prépondérante)',
    presidentChoiceHint: (article: string) =>
      `Partage égal des voix : la voix du président est prépondérante (${article}), sauf au scrutin secret.`,
    presidentChoices: { FOR: 'Pour', AGAINST: 'Contre' } as Record<string, string>,
    count: 'Décompte (président et secrétariat)',
    received: (count: number, eligible: number) => `${count} ${plural(count, 'vote reçu', 'votes reçus')} sur ${eligible}`,
    liveFigures: (inFavour: number, against: number, abstention: number) =>
      `Pour : ${inFavour} — contre : ${against} — abstentions : ${abstention}`,
    close: 'Clore le vote',
    closed: (outcome: string) => (outcome ? `Vote clos : ${outcome.toLowerCase()}.` : 'Vote clos.'),
    castDone: 'Vote enregistré.',
    castSecret: 'A voté. Votre bulletin est enregistré, sans lien avec votre nom.',
    interested: (article: string | null) => `Vous avez déclaré un intérêt à ce point : vous ne prenez pas part au vote${cited(article)}.`,
    notPresent:
      'Vous n’êtes pas enregistré(e) présent(e) dans la salle : votre vote ne peut pas être reçu. Signalez votre arrivée au secrétariat.',
  },
  result: {
    title: 'Résultat',
    ADOPTED: 'Adopté',
    REJECTED: 'Rejeté',
    last: (number: string) => `Dernier vote — point ${number}`,
    figures: (inFavour: number, against: number, abstentions: number) =>
      `Pour : ${inFavour} — contre : ${against} — abstentions : ${abstentions}`,
    secretFigures: (inFavour: number, against: number, blank: number, spoiled: number) =>
      `Pour : ${inFavour} — contre : ${against} — bulletins blancs : ${blank} — nuls : ${spoiled}`,
    expressed: (count: number) => `${count} ${plural(count, 'suffrage exprimé', 'suffrages exprimés')}`,
    casting: (article: string) => `Égalité des voix : la voix du président est prépondérante (${article}).`,
    secretTie: 'Égalité des voix au scrutin secret : pas de voix prépondérante, la proposition est rejetée.',
    names: (choice: string, names: string) => `${choice} : ${names}`,
  },
  network: {
    live: 'En direct',
    connecting: 'Connexion à la séance…',
    lost: 'Connexion perdue : votre tablette ne reçoit plus la séance. Reconnexion en cours… En attendant, votez à main levée : le secrétariat saisit les votes de la salle.',
    offlineVote: 'Hors ligne : votre vote n’est pas parti. Votez à main levée : le secrétariat saisit les votes de la salle.',
  },
};
