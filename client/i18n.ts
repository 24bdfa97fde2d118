/**
 * Interface strings of the host pages, in English and French. survey-core translates its own strings. This module
 * holds the strings of the entry (sign-in, home, layout) and of the respondent's page; those of the Unit's and
 * analysts' pages are in client/i18n-pages.ts, which their lazy chunks load (addMessages).
 */
import type { PageMessageKey } from './i18n-pages';

export type Lang = 'en' | 'fr';

export const messages = {
  en: {
    appName: 'ICC annual survey',
    programme: 'Intercultural Cities programme · Council of Europe',
    switchTo: 'Français',
    switchToLabel: 'Lire en français',
    loading: 'Loading…',
    pageLoadFailed: 'This page could not be loaded. Check your connection, then reload the page.',
    reloadPage: 'Reload the page',
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
    errorClosed: 'This survey is closed: answers can no longer be sent.',
    errorSubmittedAlready: 'These answers have already been submitted. Ask the ICC Unit to reopen them to make changes.',
    errorTooMany: 'Too many requests in a short time. Wait a minute, then try again.',
    errorTooLarge: 'This is too large to be sent. Shorten the longest texts, then try again.',
    errorServer: 'Something went wrong on the server. Try again in a moment; if it happens again, give the ICC Unit this reference: {ref}.',
    errorSignedOut: 'Your session has ended. Sign in again.',
    errorForbidden: 'Your account is not allowed to do this.',
    errorServerSaid: '{message}',
    contact: 'Questions? Contact the ICC Unit of the Council of Europe.',
    restoredOffline: 'Answers kept in this browser while offline have been restored.',
    notFoundTitle: 'Page not found',
    backHome: 'Back to the home page',
    name: 'Name',
    roleAdmin: 'administrator',
    roleAnalyst: 'analyst',
    changePasswordTitle: 'Choose a new password',
    changePasswordIntro: 'Your password is temporary. Choose your own before continuing: at least 12 characters, not only letters or only digits. A long passphrase is best.',
    currentPassword: 'Current password',
    newPassword: 'New password',
    confirmPassword: 'New password again',
    passwordsDiffer: 'The two new passwords are different.',
    savePassword: 'Save the new password',
    surveysTitle: 'Surveys',
    signedInAs: 'Signed in as {email} ({role})',
    statusDraft: 'draft',
    statusOpen: 'open',
    statusClosed: 'closed',
    noSurveys: 'No survey yet.',
    colon: ': ',
    // analysis page
    analysis: 'Analysis',
    headlines: 'Headline indicators for {year}',
    editPerson: 'Edit a person',
    personName: 'Name',
    personRole: 'Role',
    personLang: 'Language of emails',
    roleStaff: 'Operational staff',
    roleElected: 'Elected official',
    roleOther: 'Other',
    consentYes: 'agreed to email',
    consentNo: 'no email consent',
    edit: 'Edit',
    remove: 'Remove',
    save: 'Save',
    cancel: 'Cancel',
    yourTeamTitle: 'Your coordination team',
    yourTeamIntro: 'The people of your city the ICC Unit writes to about the survey. Keep the list current: add colleagues, correct an address, remove someone who has left. Only people who agreed receive email.',
    yourTeamEmpty: 'No one is listed yet.',
    yourTeamEmailTaken: '{email} is already in your team: change that person’s entry instead.',
    yourTeamConfirmRemove: 'Remove {name} from your team? They will no longer receive email about the survey.',
    addColleague: 'Add a colleague',
    colleagueConsent: 'This person agreed to receive email about the survey',
    reportReadOwn: 'Read your city’s feedback report: your answers beside those of other cities',
    keyDatesTitle: 'Key dates ({n})',
    addToCalendar: 'Add these dates to my calendar (.ics)',
    auditTitle: 'Audit log',
    auditIntro: 'Sign-ins, exports, publishing, links, invitations, team changes, imports and account changes: who, what, when.',
    auditDownload: 'Download the audit log (CSV)',
    pubListTitle: 'Results of the ICC annual survey',
    rosterLink: 'Roster of cities: import from CSV',
    // Accounts page (issue 6: /admin/accounts)
    accountsLink: 'Accounts of the ICC Unit',
    // Respondents' drafts moved to a new version (issue 4, task E)
    respondRemovedAnswers: '{n, plural, one {# earlier answer belongs to a question the ICC Unit has since removed. It is kept with your response, not lost.} other {# earlier answers belong to questions the ICC Unit has since removed. They are kept with your response, not lost.}}',
    // Home: a new survey from nothing (issue 4, helper D)
    newSurveyTitle: 'New survey from nothing',
    newSurveyIntro: 'An empty questionnaire for a year, to build in the questionnaire builder. To keep last year’s questions and codes, open last year’s survey and create next year’s copy from its builder instead.',
    newSurveyYear: 'Year',
    newSurveyTitleEn: 'Title (English)',
    newSurveyTitleFr: 'Title (French)',
    newSurveyCreate: 'Create the empty survey',
    newSurveyCreating: 'Creating…',
    newSurveyMissing: 'Give the year and the title in English and in French.',
  },
  fr: {
    appName: 'Enquête annuelle ICC',
    programme: 'Programme des Cités interculturelles · Conseil de l’Europe',
    switchTo: 'English',
    switchToLabel: 'Read in English',
    loading: 'Chargement…',
    pageLoadFailed: 'Cette page n’a pas pu être chargée. Vérifiez votre connexion, puis rechargez la page.',
    reloadPage: 'Recharger la page',
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
    errorClosed: 'Cette enquête est close : les réponses ne peuvent plus être envoyées.',
    errorSubmittedAlready: 'Ces réponses ont déjà été envoyées. Demandez à l’Unité ICC de les rouvrir pour les modifier.',
    errorTooMany: 'Trop de requêtes en peu de temps. Attendez une minute, puis réessayez.',
    errorTooLarge: 'C’est trop volumineux pour être envoyé. Raccourcissez les textes les plus longs, puis réessayez.',
    errorServer: 'Une erreur s’est produite sur le serveur. Réessayez dans un moment ; si elle se reproduit, donnez cette référence à l’Unité ICC : {ref}.',
    errorSignedOut: 'Votre session a pris fin. Reconnectez-vous.',
    errorForbidden: 'Votre compte n’a pas le droit de faire cela.',
    errorServerSaid: 'Le serveur a refusé la demande (message en anglais) : « {message} »',
    contact: 'Des questions ? Contactez l’Unité ICC du Conseil de l’Europe.',
    restoredOffline: 'Les réponses conservées dans ce navigateur hors connexion ont été restaurées.',
    notFoundTitle: 'Page introuvable',
    backHome: 'Retour à l’accueil',
    name: 'Nom',
    roleAdmin: 'administrateur',
    roleAnalyst: 'analyste',
    changePasswordTitle: 'Choisissez un nouveau mot de passe',
    changePasswordIntro: 'Votre mot de passe est temporaire. Choisissez le vôtre avant de continuer : au moins 12 caractères, pas uniquement des lettres ni uniquement des chiffres. Une longue phrase de passe est idéale.',
    currentPassword: 'Mot de passe actuel',
    newPassword: 'Nouveau mot de passe',
    confirmPassword: 'Nouveau mot de passe (confirmation)',
    passwordsDiffer: 'Les deux nouveaux mots de passe sont différents.',
    savePassword: 'Enregistrer le nouveau mot de passe',
    surveysTitle: 'Enquêtes',
    signedInAs: 'Connecté en tant que {email} ({role})',
    statusDraft: 'brouillon',
    statusOpen: 'ouverte',
    statusClosed: 'close',
    noSurveys: 'Aucune enquête pour l’instant.',
    colon: ' : ',
    // analysis page
    analysis: 'Analyse',
    headlines: 'Indicateurs clés {year}',
    editPerson: 'Modifier une personne',
    personName: 'Nom',
    personRole: 'Fonction',
    personLang: 'Langue des courriels',
    roleStaff: 'Personnel opérationnel',
    roleElected: 'Élu·e',
    roleOther: 'Autre',
    consentYes: 'accepte les courriels',
    consentNo: 'pas de consentement aux courriels',
    edit: 'Modifier',
    remove: 'Retirer',
    save: 'Enregistrer',
    cancel: 'Annuler',
    yourTeamTitle: 'Votre équipe de coordination',
    yourTeamIntro: 'Les personnes de votre ville à qui l’Unité ICC écrit au sujet de l’enquête. Tenez la liste à jour : ajoutez des collègues, corrigez une adresse, retirez une personne partie. Seules les personnes qui l’ont accepté reçoivent des courriels.',
    yourTeamEmpty: 'Personne n’est inscrit pour l’instant.',
    yourTeamEmailTaken: '{email} fait déjà partie de votre équipe : modifiez plutôt la fiche de cette personne.',
    yourTeamConfirmRemove: 'Retirer {name} de votre équipe ? Cette personne ne recevra plus de courriels sur l’enquête.',
    addColleague: 'Ajouter un·e collègue',
    colleagueConsent: 'Cette personne accepte de recevoir des courriels sur l’enquête',
    reportReadOwn: 'Lire le rapport de retour de votre ville : vos réponses à côté de celles des autres villes',
    keyDatesTitle: 'Dates clés ({n})',
    addToCalendar: 'Ajouter ces dates à mon agenda (.ics)',
    auditTitle: 'Journal d’audit',
    auditIntro: 'Connexions, exports, publications, liens, invitations, modifications d’équipes, imports et comptes : qui, quoi, quand.',
    auditDownload: 'Télécharger le journal d’audit (CSV)',
    pubListTitle: 'Résultats de l’enquête annuelle ICC',
    rosterLink: 'Liste des villes : import CSV',
    // Accounts page (issue 6: /admin/accounts)
    accountsLink: 'Comptes de l’Unité ICC',
    // Respondents' drafts moved to a new version (issue 4, task E)
    respondRemovedAnswers: '{n, plural, one {# réponse antérieure concerne une question que l’Unité ICC a retirée depuis. Elle est conservée avec votre réponse, pas perdue.} other {# réponses antérieures concernent des questions que l’Unité ICC a retirées depuis. Elles sont conservées avec votre réponse, pas perdues.}}',
    // Home: a new survey from nothing (issue 4, helper D)
    newSurveyTitle: 'Nouvelle enquête à partir de rien',
    newSurveyIntro: 'Un questionnaire vide pour une année, à construire dans le constructeur de questionnaire. Pour garder les questions et les codes de l’an dernier, ouvrez plutôt l’enquête de l’an dernier et créez la copie de l’année suivante depuis son constructeur.',
    newSurveyYear: 'Année',
    newSurveyTitleEn: 'Titre (anglais)',
    newSurveyTitleFr: 'Titre (français)',
    newSurveyCreate: 'Créer l’enquête vide',
    newSurveyCreating: 'Création…',
    newSurveyMissing: 'Indiquez l’année et le titre en anglais et en français.',
  },
} satisfies Record<Lang, Record<string, string>>;

export type MessageKey = keyof (typeof messages)['en'] | PageMessageKey;

/** The strings added by client/i18n-pages.ts once a page that needs them has loaded it. */
const added: Record<Lang, Record<string, string>> = { en: {}, fr: {} };
export function addMessages(more: Record<Lang, Record<string, string>>): void {
  Object.assign(added.en, more.en);
  Object.assign(added.fr, more.fr);
}

/**
 * Plural forms, in the ICU message syntax's subset `{n, plural, one {# city} other {# cities}}`: the branch is
 * chosen by the language's rules (`Intl.PluralRules`: French puts 0 and 1 in `one`, English only 1), `=N` picks
 * an exact number first, `#` is the number. Branches hold plain text and `#` only, no other placeholder.
 */
const PLURAL = /\{(\w+),\s*plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;
const pluralRules: Partial<Record<Lang, Intl.PluralRules>> = {};

/** A value that is not a number (already formatted by the caller) takes the `other` form, as it is. */
function plural(lang: Lang, raw: string | number | undefined, branches: string): string {
  const forms = new Map([...branches.matchAll(BRANCH)].map((m) => [m[1]!, m[2]!]));
  const value = typeof raw === 'number' ? raw : Number(raw);
  if (raw === undefined || raw === '' || !Number.isFinite(value)) return (forms.get('other') ?? '').replace(/#/g, String(raw ?? '#'));
  const rules = (pluralRules[lang] ??= new Intl.PluralRules(lang));
  const form = forms.get(`=${value}`) ?? forms.get(rules.select(value)) ?? forms.get('other') ?? '';
  return form.replace(/#/g, new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB').format(value));
}

export function translate(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const own: Record<string, string | undefined> = messages[lang];
  const text: string = own[key] ?? added[lang][key] ?? messages.en[key as keyof (typeof messages)['en']] ?? added.en[key] ?? key;
  return text
    .replace(PLURAL, (_, name: string, branches: string) => plural(lang, vars[name], branches))
    .replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
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

const MONTHS: Record<Lang, readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
};

/**
 * A day as "30 January 2027" / "30 janvier 2027", exactly as `Intl.DateTimeFormat` (en-GB, fr-FR, dateStyle
 * long) writes it (tests/unit/format-date.test.ts compares them), but without it: the first Intl formatter of a
 * fresh page loads locale data, about 70 ms before the respondent's page could show its first question.
 */
export function formatDate(lang: Lang, iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getDate()} ${MONTHS[lang][d.getMonth()]} ${d.getFullYear()}`;
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
