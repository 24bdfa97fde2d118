/** Interface strings of the host pages, in English and French. survey-core translates its own strings. */
export type Lang = 'en' | 'fr';

export const messages = {
  en: {
    appName: 'ICC annual survey',
    programme: 'Intercultural Cities programme · Council of Europe',
    language: 'Language',
    switchTo: 'Français',
    switchToLabel: 'Lire en français',
    loading: 'Loading…',
    signInTitle: 'Sign in',
    signInIntro: 'For the ICC Unit and analysts. City coordinators do not need an account: use the personal link from your email.',
    email: 'Email',
    password: 'Password',
    signIn: 'Sign in',
    signOut: 'Sign out',
    badCredentials: 'Wrong email or password.',
    networkError: 'The server could not be reached. Check your connection and try again.',
    surveyFor: 'Survey for {city}',
    year: 'Survey {year}',
    closesOn: 'Open until {date}',
    yourName: 'Your name (optional, shown to colleagues)',
    yourNameHint: 'Several colleagues may fill in this survey with the same link. Your name tells them who changed an answer.',
    saved: 'All changes saved',
    saving: 'Saving…',
    unsaved: 'Changes not saved yet',
    offline: 'Offline: your answers are kept in this browser and will be sent when the connection returns',
    retrying: 'Could not save; retrying…',
    conflictTitle: 'A colleague changed the same answers',
    conflictIntro: 'While you were working, someone else saved different answers to these questions. Choose which version to keep for each.',
    yours: 'Your answer',
    theirs: 'Answer saved by {who}',
    aColleague: 'a colleague',
    keepMine: 'Keep mine',
    keepTheirs: 'Keep theirs',
    applyChoices: 'Save my choices',
    empty: '(no answer)',
    submitted: 'Thank you! Your city’s answers have been submitted. They are shown below for reference; ask the ICC Unit if you need to change them.',
    closed: 'This survey is closed. The answers are shown below for reference.',
    submitErrors: 'Some answers need attention before the survey can be submitted. They are marked in the form.',
    submitting: 'Submitting…',
    lastYear: 'Last year ({year}) you answered: {value}',
    linkProblem: 'This link cannot be used',
    linkUnknown: 'This link is not valid. Please check that you copied the whole address from the email.',
    linkRevoked: 'This link has been replaced. Please use the latest link the ICC Unit sent you.',
    linkExpired: 'This link has expired. Please ask the ICC Unit for a new one.',
    notOpen: 'This survey is not open yet. The ICC Unit will let you know when it opens.',
    contact: 'Questions? Contact the ICC Unit of the Council of Europe.',
    restoredOffline: 'Answers kept in this browser while offline have been restored.',
    notFoundTitle: 'Page not found',
    backHome: 'Back to the home page',
    surveysTitle: 'Surveys',
    signedInAs: 'Signed in as {email} ({role})',
    statusDraft: 'draft',
    statusOpen: 'open',
    statusClosed: 'closed',
    noSurveys: 'No survey yet.',
    citiesTitle: 'Cities',
    notStarted: 'not started',
    inProgress: 'draft',
    submittedStatus: 'submitted',
    colCity: 'City',
    colCountry: 'Country',
    colNetworks: 'Networks',
    colStatus: 'Status',
    colProgress: 'Progress',
    colLastChange: 'Last change',
    colLink: 'Link',
    getLink: 'Get link',
    copyLink: 'Copy',
    copied: 'Copied',
    newLink: 'Replace link',
    reopen: 'Reopen',
    downloadCsv: 'Download answers (CSV)',
    openSurvey: 'Open the survey',
    closeSurvey: 'Close the survey',
    summary: '{submitted} of {total} cities submitted ({rate}); drafts in progress: {drafts}',
    colon: ': ',
    filterCities: 'Filter cities',
    allStatuses: 'All statuses',
  },
  fr: {
    appName: 'Enquête annuelle ICC',
    programme: 'Programme des Cités interculturelles · Conseil de l’Europe',
    language: 'Langue',
    switchTo: 'English',
    switchToLabel: 'Read in English',
    loading: 'Chargement…',
    signInTitle: 'Connexion',
    signInIntro: 'Pour l’Unité ICC et les analystes. Les coordinateurs des villes n’ont pas besoin de compte : utilisez le lien personnel reçu par courriel.',
    email: 'Adresse électronique',
    password: 'Mot de passe',
    signIn: 'Se connecter',
    signOut: 'Se déconnecter',
    badCredentials: 'Adresse ou mot de passe incorrect.',
    networkError: 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.',
    surveyFor: 'Enquête pour {city}',
    year: 'Enquête {year}',
    closesOn: 'Ouverte jusqu’au {date}',
    yourName: 'Votre nom (facultatif, visible par vos collègues)',
    yourNameHint: 'Plusieurs collègues peuvent remplir cette enquête avec le même lien. Votre nom leur indique qui a modifié une réponse.',
    saved: 'Toutes les modifications sont enregistrées',
    saving: 'Enregistrement…',
    unsaved: 'Modifications pas encore enregistrées',
    offline: 'Hors ligne : vos réponses sont conservées dans ce navigateur et seront envoyées au retour de la connexion',
    retrying: 'Échec de l’enregistrement ; nouvel essai…',
    conflictTitle: 'Un collègue a modifié les mêmes réponses',
    conflictIntro: 'Pendant que vous travailliez, quelqu’un d’autre a enregistré des réponses différentes à ces questions. Choisissez la version à conserver pour chacune.',
    yours: 'Votre réponse',
    theirs: 'Réponse enregistrée par {who}',
    aColleague: 'un collègue',
    keepMine: 'Garder la mienne',
    keepTheirs: 'Garder la sienne',
    applyChoices: 'Enregistrer mes choix',
    empty: '(pas de réponse)',
    submitted: 'Merci ! Les réponses de votre ville ont été envoyées. Elles sont affichées ci-dessous pour mémoire ; adressez-vous à l’Unité ICC pour les modifier.',
    closed: 'Cette enquête est close. Les réponses sont affichées ci-dessous pour mémoire.',
    submitErrors: 'Certaines réponses doivent être complétées ou corrigées avant l’envoi. Elles sont signalées dans le formulaire.',
    submitting: 'Envoi…',
    lastYear: 'L’an dernier ({year}), vous avez répondu : {value}',
    linkProblem: 'Ce lien ne peut pas être utilisé',
    linkUnknown: 'Ce lien n’est pas valide. Vérifiez que vous avez copié l’adresse complète depuis le courriel.',
    linkRevoked: 'Ce lien a été remplacé. Utilisez le dernier lien envoyé par l’Unité ICC.',
    linkExpired: 'Ce lien a expiré. Demandez-en un nouveau à l’Unité ICC.',
    notOpen: 'Cette enquête n’est pas encore ouverte. L’Unité ICC vous préviendra de son ouverture.',
    contact: 'Des questions ? Contactez l’Unité ICC du Conseil de l’Europe.',
    restoredOffline: 'Les réponses conservées dans ce navigateur hors connexion ont été restaurées.',
    notFoundTitle: 'Page introuvable',
    backHome: 'Retour à l’accueil',
    surveysTitle: 'Enquêtes',
    signedInAs: 'Connecté en tant que {email} ({role})',
    statusDraft: 'brouillon',
    statusOpen: 'ouverte',
    statusClosed: 'close',
    noSurveys: 'Aucune enquête pour l’instant.',
    citiesTitle: 'Villes',
    notStarted: 'non commencée',
    inProgress: 'en cours',
    submittedStatus: 'envoyée',
    colCity: 'Ville',
    colCountry: 'Pays',
    colNetworks: 'Réseaux',
    colStatus: 'Statut',
    colProgress: 'Avancement',
    colLastChange: 'Dernière modification',
    colLink: 'Lien',
    getLink: 'Obtenir le lien',
    copyLink: 'Copier',
    copied: 'Copié',
    newLink: 'Remplacer le lien',
    reopen: 'Rouvrir',
    downloadCsv: 'Télécharger les réponses (CSV)',
    openSurvey: 'Ouvrir l’enquête',
    closeSurvey: 'Clore l’enquête',
    summary: '{submitted} villes sur {total} ont répondu ({rate}) ; brouillons en cours : {drafts}',
    colon: ' : ',
    filterCities: 'Filtrer les villes',
    allStatuses: 'Tous les statuts',
  },
} satisfies Record<Lang, Record<string, string>>;

export type MessageKey = keyof (typeof messages)['en'];

export function translate(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text: string = messages[lang][key] ?? messages.en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

const STORAGE_KEY = 'icc:lang';

/** The language from `?lang=`, then the last choice, then the browser's preference. */
export function initialLang(): Lang {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (fromUrl === 'fr' || fromUrl === 'en') return fromUrl;
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  if (stored === 'fr' || stored === 'en') return stored;
  return navigator.language?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function rememberLang(lang: Lang): void {
  safeStorage()?.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

export function formatDate(lang: Lang, iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'long' }).format(d);
}

export function formatDateTime(lang: Lang, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** localStorage may be unavailable (private mode, disabled): the page must keep working without it. */
export function safeStorage(): Storage | undefined {
  try {
    const s = window.localStorage;
    s.getItem('x');
    return s;
  } catch {
    return undefined;
  }
}
