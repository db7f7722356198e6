/**
 * The legal pages' part of the French catalogue (`messages.legal`), loaded with them. Each page is a
 * title and sections of paragraphs; `{publisher}`, `{host}` and `{contact}` are what the operator set
 * (LEGAL_PUBLISHER, LEGAL_HOST, LEGAL_CONTACT_EMAIL), see `LegalPage`.
 */

export interface LegalSection {
  title: string;
  paragraphs: readonly string[];
  /** A list after the paragraphs. */
  items?: readonly string[];
  /** Links after the list: text and address (outside the app, opened in the same tab). */
  links?: readonly { text: string; href: string }[];
}

export interface LegalText {
  title: string;
  intro: string;
  sections: readonly LegalSection[];
}

const declarationDate = '6 décembre 2026';

const accessibility: LegalText = {
  title: 'Déclaration d’accessibilité',
  intro:
    '{publisher} s’engage à rendre ses services numériques accessibles, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration d’accessibilité s’applique à Cartable, le cartable numérique des élus (application web et application installable).',
  sections: [
    {
      title: 'État de conformité',
      paragraphs: [
        'Cartable est partiellement conforme avec le référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1, en raison des non-conformités et des dérogations énumérées ci-dessous.',
      ],
    },
    {
      title: 'Résultats des tests',
      paragraphs: [
        'Aucun audit complet des 106 critères du RGAA 4.1 par un auditeur n’a encore été réalisé : le taux de conformité n’est donc pas établi.',
        'À chaque version, les parcours de bout en bout (navigateur Chromium) vérifient les écrans avec axe-core 4.14 (règles WCAG 2.1, niveaux A et AA) : une violation grave ou critique fait échouer la version. Résultat mesuré : 0 violation grave ou critique sur 68 vérifications, aux tailles téléphone (390 px), tablette (768 px) et ordinateur (1 366 px), notamment :',
      ],
      items: [
        'élu(e), 20 vérifications : mes séances (aussi à 320 px et avec le texte à 200 %), une séance et son ordre du jour, la convocation et la réponse de présence, la lecture d’un document et ses annotations, la recherche, le profil et les alertes, la tablette prêtée ;',
        'secrétariat, 25 vérifications : les séances, les membres et assemblées, le formulaire de séance, l’ordre du jour, les documents, l’envoi de la convocation, le suivi, les présences, les statistiques, les paramètres ;',
        'coordination du groupement, 15 vérifications : les organismes, le marché, les tablettes, l’assistance, la répartition des coûts, la facturation ;',
        'pages publiques, 8 vérifications : la connexion, le mot de passe oublié, le nouveau mot de passe, la déclaration d’accessibilité, les mentions légales, les données personnelles, le contact, le thème sombre.',
      ],
    },
    {
      title: 'Contenus non accessibles',
      paragraphs: ['Non-conformités connues :'],
      items: [
        'Les documents PDF déposés par les secrétariats (notes de synthèse, rapports, annexes) ne sont pas tous balisés : leur accessibilité dépend du document source (critère 13.3). Un document numérisé sans texte ne peut pas être lu par un lecteur d’écran.',
        'Les vérifications automatiques ne couvrent qu’une partie des critères (alternatives, contrastes, structure, formulaires) : la pertinence des alternatives et la restitution par les lecteurs d’écran n’ont pas encore été vérifiées par un audit manuel.',
      ],
    },
    {
      title: 'Dérogations pour charge disproportionnée',
      paragraphs: ['Aucune.'],
    },
    {
      title: 'Contenus non soumis à l’obligation d’accessibilité',
      paragraphs: [
        'Les documents bureautiques publiés avant le 23 septembre 2018 et les documents de tiers joints aux séances, que Cartable transmet tels qu’ils ont été reçus.',
      ],
    },
    {
      title: 'Établissement de cette déclaration',
      paragraphs: [
        `Cette déclaration a été établie le ${declarationDate}.`,
        'Technologies utilisées : HTML5, CSS, JavaScript, WAI-ARIA. Environnement de vérification : Chromium (sans interface), axe-core 4.14.1.',
      ],
    },
    {
      title: 'Retour d’information et contact',
      paragraphs: [
        'Si vous n’arrivez pas à accéder à un contenu ou à un service, signalez-le : nous vous aiderons à y accéder autrement (par exemple, une convocation sur papier) et nous corrigerons le défaut.',
        'Écrivez au secrétariat des assemblées de votre organisme (répondez simplement à un courriel de convocation), ou à l’exploitant du service : {contact}.',
      ],
    },
    {
      title: 'Voies de recours',
      paragraphs: [
        'Si vous avez signalé un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un service et que vous n’avez pas obtenu de réponse satisfaisante, vous pouvez :',
      ],
      items: [
        'écrire un message au Défenseur des droits (formulaire en ligne) ;',
        'contacter le délégué du Défenseur des droits de votre région ;',
        'envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.',
      ],
      links: [
        { text: 'Formulaire du Défenseur des droits', href: 'https://formulaire.defenseurdesdroits.fr/' },
        { text: 'Délégués du Défenseur des droits', href: 'https://www.defenseurdesdroits.fr/saisir/delegues' },
      ],
    },
  ],
};

const legalNotice: LegalText = {
  title: 'Mentions légales',
  intro: 'Cartable est le service numérique de convocation et de tenue des séances des organismes membres du groupement de commandes.',
  sections: [
    {
      title: 'Éditeur',
      paragraphs: [
        '{publisher}',
        'Directeur ou directrice de la publication : le représentant légal de l’éditeur.',
        'Chaque organisme membre est responsable des contenus qu’il publie dans Cartable (convocations, ordres du jour, documents, délibérations).',
      ],
    },
    { title: 'Hébergement', paragraphs: ['{host}'] },
    { title: 'Contact', paragraphs: ['{contact}'] },
    {
      title: 'Propriété intellectuelle et licences',
      paragraphs: [
        'L’identité visuelle de Cartable (nom, pictogramme, couleurs) est celle du service ; elle n’utilise ni le bloc Marianne, ni la police Marianne, réservés aux services de l’État.',
        'Cartable s’appuie sur des composants libres : la police Inter (SIL Open Font License 1.1), les composants du système de design de l’État (licence MIT) et leurs pictogrammes Remix Icon (licence Apache 2.0).',
      ],
    },
    { title: 'Données personnelles', paragraphs: ['Voir la page « Données personnelles ».'] },
  ],
};

const privacy: LegalText = {
  title: 'Données personnelles',
  intro:
    'Cartable traite les données nécessaires à la convocation des élus et à la tenue des séances, et rien d’autre : aucune publicité, aucun traceur, aucune réutilisation politique ou commerciale.',
  sections: [
    {
      title: 'Responsables de traitement et sous-traitant',
      paragraphs: [
        'Chaque organisme membre (commune, EPCI, département, syndicat…) est responsable du traitement des données de ses élus, de ses agents et de ses séances.',
        'L’exploitant du service pour le groupement de commandes ({publisher}) agit comme sous-traitant (article 28 du RGPD) : il traite ces données sur instruction de chaque organisme et tient le registre des traitements qu’il effectue pour eux (article 30.2).',
        'Chaque organisme, autorité publique, a désigné un délégué à la protection des données : son secrétariat des assemblées vous en donne les coordonnées.',
      ],
    },
    {
      title: 'Finalités et bases légales',
      paragraphs: [
        'Les traitements reposent sur l’exécution d’une mission d’intérêt public et sur les obligations légales des organismes (Code général des collectivités territoriales, notamment la convocation des membres des assemblées) :',
      ],
      items: [
        'convoquer les élus et leur transmettre les documents des séances, avec la preuve de l’envoi et de la réception ;',
        'recueillir les présences, les pouvoirs et, en séance, les votes ;',
        'produire les actes (délibérations, procès-verbaux) et les archiver ;',
        'protéger les comptes (connexion, limitation des tentatives).',
      ],
    },
    {
      title: 'Données traitées',
      paragraphs: [],
      items: [
        'identité, adresse électronique, et si vous les donnez : téléphone (alertes SMS), adresse postale (convocation sur papier) ;',
        'mandats, fonctions et rôles dans chaque organisme ;',
        'réponses de présence, pouvoirs, votes en séance ;',
        'vos annotations sur les documents, visibles de vous seul(e) ;',
        'les données techniques de connexion (adresse réseau, échecs de connexion).',
      ],
    },
    {
      title: 'Durées de conservation',
      paragraphs: [],
      items: [
        'Convocations, documents de séance, preuves d’envoi et de réception (journal horodaté), délibérations et procès-verbaux : ce sont des archives publiques (Code du patrimoine, articles L211-1 et L211-4). Ils sont conservés avec le dossier de séance au moins jusqu’à l’expiration des délais de recours contre les délibérations, puis selon le tableau de gestion des archives de l’organisme ; aucune destruction sans le visa des Archives départementales.',
        'Registre des délibérations : durée d’utilité administrative d’un an, puis conservation définitive.',
        'Compte et coordonnées : tant que vous êtes membre d’un organisme du groupement.',
        'Annotations : jusqu’à ce que vous les supprimiez ou que votre compte soit fermé.',
        'Échecs de connexion : oubliés après 12 heures sans nouvel échec ; compteurs par adresse réseau : 1 heure.',
      ],
    },
    {
      title: 'Destinataires',
      paragraphs: [
        'Le secrétariat des assemblées de votre organisme ; l’exploitant et son hébergeur ({host}) pour le fonctionnement du service ; les prestataires d’envoi de courriels et de SMS, pour les seuls messages que vous recevez.',
      ],
    },
    {
      title: 'Vos droits',
      paragraphs: [
        'Vous pouvez accéder à vos données, les faire rectifier, demander la limitation de leur traitement ou vous y opposer ; l’effacement s’applique dans les limites des obligations d’archivage public. Adressez votre demande au délégué à la protection des données de votre organisme.',
        'Si vous estimez, après l’avoir contacté, que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL.',
      ],
      links: [{ text: 'Adresser une réclamation à la CNIL', href: 'https://www.cnil.fr/fr/plaintes' }],
    },
    {
      title: 'Stockage sur votre appareil',
      paragraphs: [
        'Cartable n’utilise pas de cookie. Il garde sur votre appareil, pour la lecture hors ligne, les séances que vous téléchargez, vos annotations en attente d’envoi et votre choix de thème ; la déconnexion efface la session.',
      ],
    },
  ],
};

const contact: LegalText = {
  title: 'Contact',
  intro: 'À qui s’adresser, selon votre question.',
  sections: [
    {
      title: 'Une séance, une convocation, votre compte',
      paragraphs: [
        'Le secrétariat des assemblées de votre organisme : répondez à un courriel de convocation, il lui parvient directement.',
      ],
    },
    {
      title: 'Mot de passe oublié',
      paragraphs: [
        'Sur la page de connexion, choisissez « Mot de passe oublié ? » : un lien pour en choisir un nouveau vous est envoyé par courriel.',
      ],
    },
    { title: 'Le service Cartable, l’accessibilité', paragraphs: ['L’exploitant du service : {contact}.'] },
    {
      title: 'Vos données personnelles',
      paragraphs: ['Le délégué à la protection des données de votre organisme (voir la page « Données personnelles »).'],
    },
  ],
};

export const legalFr = {
  notSet: 'à compléter par l’exploitant de ce service',
  pages: { accessibility, legalNotice, privacy, contact },
  backHome: 'Retour à l’accueil',
} as const;
