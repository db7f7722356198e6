/**
 * The officials' « Séance en cours » part of the French catalogue (`messages.liveSeance`), kept beside
 * the séance's shared code; `i18n/messages.fr.ts` includes it.
 */
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
    mine: 'Mon vote',
    forProxy: (name: string) => `Pour ${name} (pouvoir)`,
    choices: { FOR: 'Pour', AGAINST: 'Contre', ABSTENTION: 'Abstention', BLANK: 'Blanc' } as Record<string, string>,
    choiceLabel: (choice: string, ballot: string) => `${choice} — ${ballot}`,
    cast: (choice: string) => `Vote enregistré : ${choice}.`,
    castDone: 'Vote enregistré.',
    castSecret: 'A voté. Votre bulletin est enregistré, sans lien avec votre nom.',
    interested: 'Vous avez déclaré un intérêt à ce point : vous ne prenez pas part au vote (CGCT L2131-11).',
    notPresent: 'Vous n’êtes pas enregistré(e) présent(e) dans la salle : votre vote ne peut pas être reçu. Signalez votre arrivée au secrétariat.',
  },
  result: {
    title: 'Résultat',
    ADOPTED: 'Adopté',
    REJECTED: 'Rejeté',
    last: (number: string) => `Dernier vote — point ${number}`,
    figures: (inFavour: number, against: number, abstentions: number) => `Pour : ${inFavour} — contre : ${against} — abstentions : ${abstentions}`,
    secretFigures: (inFavour: number, against: number, blank: number, spoiled: number) => `Pour : ${inFavour} — contre : ${against} — bulletins blancs : ${blank} — nuls : ${spoiled}`,
    expressed: (count: number) => `${count} ${plural(count, 'suffrage exprimé', 'suffrages exprimés')}`,
    casting: 'Égalité des voix : la voix du président est prépondérante (CGCT L2121-20).',
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
