/**
 * The séance console's part of the French catalogue (`messages.secretariat.seance`), kept beside the
 * console; `secretariat/messages.fr.ts` includes it.
 */
import { cited, shareOf } from '../../i18n/legal-text.ts';
import { plural } from '../../i18n/plural.ts';

/** What the vote form cites, from `Meeting.legalNotices` (the body's kind: a quarter in a commune, a sixth in a département). */
export interface BallotLaw {
  ballotArticle: string;
  publicBallotRequest: { numerator: number; denominator: number };
  secretBallotRequest: { numerator: number; denominator: number };
}

export const seanceConsoleFr = {
  title: 'La séance',
  intro:
    'Ouverture, quorum, arrivées et départs, points de l’ordre du jour et votes, en direct. Chaque événement est horodaté et chaîné dans le registre de preuve.',
  notConvened: 'La séance n’est pas encore convoquée.',
  notToday: (date: string) => `La séance s’ouvre le jour prévu : ${date}.`,
  state: { OPEN: 'Séance ouverte', SUSPENDED: 'Séance suspendue', CLOSED: 'Séance close', NO_QUORUM: 'Close faute de quorum' } as Record<
    string,
    string
  >,
  secretaries: (names: string) => `Secrétaire(s) de séance : ${names}`,
  noSecretary: 'Aucun secrétaire de séance désigné.',
  conduct: 'Conduite de la séance',
  openedAt: (time: string) => `Ouverte à ${time}`,
  closedAt: (time: string) => `Close à ${time}`,
  time: 'Heure',
  timeHint: 'Heure de l’organisme ; vide : maintenant.',
  open: {
    title: 'Ouvrir la séance',
    intro:
      'Le quorum est vérifié à l’ouverture sur les membres présents cochés ci-dessous ; les retardataires sont enregistrés ensuite, à leur arrivée. Les pouvoirs annoncés dont le porteur est présent prennent effet.',
    present: 'Membres présents à l’ouverture',
    presentHint: 'Cochés d’après les réponses annoncées : vérifiez dans la salle.',
    electronic: 'Vote sur les tablettes des élus',
    electronicHint:
      'Les élus pourront voter depuis leur tablette quand un vote le prévoit ; le secrétariat peut toujours saisir les totaux de la salle.',
    secretaries: 'Secrétaire(s) de séance',
    secretariesHint: (article: string | null) => `Désigné(s) parmi les membres au début de la séance${cited(article)}.`,
    submit: 'Ouvrir la séance',
    done: 'Séance ouverte.',
  },
  quorum: {
    title: 'Quorum',
    check: 'Vérifier le quorum',
    reached: 'Quorum atteint',
    notReached: 'Quorum non atteint',
    none: 'Pas de quorum légal pour cette assemblée',
    count: (counted: number, required: number) =>
      `${counted} ${plural(counted, 'membre compté', 'membres comptés')} pour ${required} requis.`,
    detail: (present: number, represented: number, article: string | null) =>
      `Présents : ${present} — représentés : ${represented}${cited(article)}.`,
    checkedAt: (time: string, occasion: string, outcome: string) =>
      `Dernière vérification consignée à ${time}, ${occasion} : ${outcome.toLowerCase()}.`,
    reasons: { OPENING: 'à l’ouverture', VOTE: 'avant un vote', REQUEST: 'à la demande' } as Record<string, string>,
    noQuorum: 'Le quorum n’était pas atteint à l’ouverture : la séance est close faute de quorum.',
    /** What follows, from the rule data: a council is convened again; a département's or région's réunion is held by right three days later. */
    afterNoQuorum: (dePleinDroit: boolean, article: string) =>
      dePleinDroit
        ? `La réunion se tient de plein droit trois jours plus tard ; elle délibère alors valablement quel que soit le nombre des présents (${article}).`
        : `Le conseil peut être convoqué à nouveau ; il délibérera alors valablement sans condition de quorum (${article}).`,
    lost: (time: string) =>
      `Le quorum n’est plus atteint depuis ${time} : aucun vote ne peut avoir lieu tant que des membres ne sont pas revenus.`,
    checked: (reached: boolean) => (reached ? 'Quorum vérifié : atteint.' : 'Quorum vérifié : non atteint.'),
  },
  presence: {
    title: 'Présences',
    caption: (present: number, total: number) =>
      `${present} ${plural(present, 'présent', 'présents')} sur ${total} ${plural(total, 'membre', 'membres')}`,
    columns: { member: 'Membre', state: 'Situation', actions: 'Actions' },
    present: (since: string) => `Présent(e) depuis ${since}`,
    left: (at: string) => `Parti(e) à ${at}`,
    absent: 'Absent(e)',
    represented: (name: string) => `Représenté(e) par ${name}`,
    holds: (name: string) => `Détient le pouvoir de ${name}`,
    withoutVote: 'sans voix délibérative',
    secretary: 'secrétaire de séance',
    arrival: 'Arrivée',
    arrivalLabel: (name: string) => `Arrivée de ${name}`,
    arrivalTitle: (name: string) => `Arrivée de ${name}`,
    departure: 'Départ',
    departureLabel: (name: string) => `Départ de ${name}`,
    departureTitle: (name: string) => `Départ de ${name}`,
    proxy: 'Pouvoir remis à un membre présent (facultatif)',
    illness: 'Maladie dûment constatée',
    illnessHint: 'Le pouvoir peut alors dépasser la limite de séances consécutives.',
    noProxy: 'Pas de pouvoir',
    confirmArrival: 'Enregistrer l’arrivée',
    confirmDeparture: 'Enregistrer le départ',
    arrived: (name: string, time: string) => `Arrivée de ${name} enregistrée à ${time}.`,
    departed: (name: string, time: string) => `Départ de ${name} enregistré à ${time}.`,
  },
  closedSession: {
    title: 'Huis clos',
    intro: (article: string) => `Décidé sans débat, à la majorité absolue des membres présents ou représentés (${article}).`,
    on: 'La séance se tient à huis clos.',
    off: 'La séance est publique.',
    planned: 'Point prévu à huis clos',
    start: 'Décider le huis clos',
    end: 'Reprendre en séance publique',
    started: 'Huis clos enregistré.',
    ended: 'La séance est de nouveau publique.',
  },
  items: {
    title: 'Ordre du jour',
    current: 'Point en cours',
    setCurrent: 'Passer à ce point',
    setCurrentLabel: (number: string, title: string) => `Passer à ce point : ${number}. ${title}`,
    nowCurrent: (number: string) => `Le point ${number} est en cours : les tablettes des élus le suivent.`,
    rapporteur: (name: string) => `Rapporteur : ${name}`,
    noRapporteur: 'Pas de rapporteur',
    documents: 'Documents du point',
    noDocument: 'Aucun document pour ce point.',
    status: { PENDING: 'À examiner', CURRENT: 'En cours', VOTED: 'Voté', WITHDRAWN: 'Retiré', ADJOURNED: 'Ajourné' } as Record<
      string,
      string
    >,
    withdraw: 'Retirer le point',
    adjourn: 'Ajourner le point',
    withdrawn: (number: string) => `Point ${number} retiré de l’ordre du jour.`,
    adjourned: (number: string) => `Point ${number} ajourné.`,
    none: 'Aucun point en cours : choisissez le point examiné dans la liste.',
  },
  interests: {
    title: 'Déclarations d’intérêt',
    intro: (article: string | null) =>
      `Un membre intéressé à l’affaire ne prend part ni au débat ni au vote, et n’est pas compté dans ce vote${cited(article)}.`,
    none: 'Aucune déclaration pour ce point.',
    member: 'Membre qui se déclare intéressé',
    choose: 'Choisir un membre',
    declare: 'Enregistrer la déclaration',
    declared: (name: string) => `${name} ne prend pas part au vote de ce point.`,
    entry: (name: string) => `${name} — ne prend pas part au vote`,
  },
  vote: {
    title: 'Vote',
    open: 'Ouvrir le vote',
    opened: (number: string) => `Vote ouvert sur le point ${number}.`,
    method: 'Mode de scrutin',
    methods: { HAND: 'À main levée', PUBLIC: 'Scrutin public (par nom)', SECRET: 'Scrutin secret' } as Record<string, string>,
    methodHints: (law: BallotLaw): Record<string, string> => ({
      HAND: 'Le secrétariat saisit les totaux de la salle.',
      PUBLIC: `À la demande ${shareOf(law.publicBallotRequest)} des membres présents (${law.ballotArticle}) : le vote de chacun est nominatif.`,
      SECRET: `À la demande ${shareOf(law.secretBallotRequest)} des membres présents, ou pour une nomination : bulletins blancs et nuls, pas de voix prépondérante.`,
    }),
    requesters: 'Membres présents qui demandent ce scrutin',
    requestersHint: 'Le serveur vérifie la proportion requise par la loi.',
    nomination: 'Nomination ou présentation',
    nominationHint: (article: string) => `Scrutin secret de droit (${article}).`,
    electronic: 'Vote sur les tablettes des élus',
    electronicHint:
      'Chaque élu vote depuis sa tablette, pour lui et pour le pouvoir qu’il détient ; le compte arrive ici en direct. Si le réseau tombe, saisissez les totaux de la salle.',
    inProgress: (number: string, title: string) => `Vote en cours — point ${number} « ${title} »`,
    electronicBadge: 'Sur les tablettes',
    secretLabel: 'Scrutin secret : seuls la participation et les totaux sont connus, jamais le choix de chacun.',
    choices: { FOR: 'Pour', AGAINST: 'Contre', ABSTENTION: 'Abstention', NOT_VOTING: 'Ne prend pas part', BLANK: 'Blanc' } as Record<
      string,
      string
    >,
    for: 'Pour',
    against: 'Contre',
    abstention: 'Abstentions',
    blank: 'Bulletins blancs',
    spoiled: 'Bulletins nuls',
    notTakingPart: (count: number) => `Ne prennent pas part : ${count}`,
    tooMany: (count: number, voters: number) => `${count} votes saisis pour ${voters} votants : corrigez les totaux.`,
    notWhole: 'Chaque total est un nombre entier, 0 ou plus.',
    voters: (count: number) => `${count} ${plural(count, 'votant', 'votants')} (membres présents et pouvoirs, sans les membres intéressés)`,
    totalsTitle: 'Totaux de la salle',
    totalsFallback: 'Les tablettes ne répondent pas ? Saisissez les totaux de la salle : ils clôturent le vote.',
    enterTotals: 'Enregistrer les totaux et clore le vote',
    rollCallCaption: 'Vote de chaque membre présent et des pouvoirs détenus',
    rollCallColumns: { voter: 'Votant', choice: 'Vote' },
    byProxy: (holder: string) => `pouvoir détenu par ${holder}`,
    choiceFor: (name: string) => `Vote de ${name}`,
    chooseChoice: 'Choisir',
    results: 'Votes de la séance',
    noVote: 'Aucun vote pour l’instant.',
    resultOf: (number: string, title: string, method: string) => `Point ${number} « ${title} » — ${method}`,
  },
  suspend: {
    suspend: 'Suspendre la séance',
    resume: 'Reprendre la séance',
    suspended: (time: string) => `Séance suspendue à ${time}.`,
    resumed: (time: string) => `Séance reprise à ${time}.`,
  },
  close: {
    title: 'Clore la séance',
    intro:
      'Aucun vote ne peut plus avoir lieu ensuite. Les présences, les votes et leurs résultats sont consignés au registre de preuve et au dossier de la séance.',
    confirm: 'Confirmer la clôture',
    question: 'Clore la séance maintenant ?',
    done: (time: string) => `Séance close à ${time}.`,
  },
  live: {
    connecting: 'Connexion au direct…',
    live: 'En direct',
    lost: 'Connexion perdue : reconnexion en cours… Les tablettes des élus peuvent ne plus recevoir la séance ; saisissez alors les totaux de la salle.',
  },
};
