import { DEFAULT_MIN_CELL, cellsToSuppress } from '../../analysis/suppression';
import { wilsonInterval, type Interval } from '../../analysis/wilson-interval';
import type { Clock } from '../clock';
import { daysBetween, deadlineOf } from '../domain/reminder-schedule';
import type { CampaignStore } from '../stores/campaign';
import type { CityStore } from '../stores/cities';
import type { LinkStore } from '../stores/links';
import type { MailLogStore } from '../stores/mail-log';
import type { ResponseStore } from '../stores/responses';
import type { Survey, SurveyStore } from '../stores/surveys';
import type { SurveysAdmin } from './surveys-admin';

/** Where a city is in the campaign, furthest step reached. */
export type CampaignStage = 'not_invited' | 'invited' | 'opened' | 'draft' | 'submitted';

/** A response rate: n cities submitted of N invited, with the number that started; rate and ci95 null when N = 0. */
export interface ResponseRate {
  N: number;
  started: number;
  n: number;
  rate: number | null;
  ci95: Interval | null;
}

export interface DayCount {
  /** Days since the survey opened (0 = the opening day, UTC). */
  day: number;
  date: string;
  /** Cities whose first answer was saved that day. */
  firstSaves: number;
  submissions: number;
  /** Running totals up to and including that day. */
  started: number;
  submitted: number;
}

/** Longest series returned (a survey left open for years would otherwise grow without bound). */
const MAX_DAYS = 400;

function rateOf(N: number, started: number, n: number): ResponseRate {
  return { N, started, n, rate: N > 0 ? n / N : null, ci95: wilsonInterval(n, N) };
}

/** The roster's size bands in order; cities without one are grouped last as `unknown`. */
export const CAMPAIGN_SIZE_BANDS = ['small', 'medium', 'large', 'very_large', 'unknown'] as const;

/** A breakdown cell's rate; a hidden cell keeps N (cities invited: roster facts) and nulls what they did. */
export type SuppressibleRate = Omit<ResponseRate, 'started' | 'n'> & { started: number | null; n: number | null; suppressed: boolean };

/**
 * A breakdown's rates with small cells hidden by the analysis's rule (analysis/suppression.ts: cells under 5
 * cities, with complementary suppression). The count of a cell is N, the cities invited in it: a rate describes
 * all of them (a band of 3 invited cities at 0% says that each of the 3 has not answered), and counting the
 * submitted ones instead, as the analysis of answers does, would hide every cell at the start of a campaign.
 */
function suppressRates<T extends ResponseRate>(cells: T[]): (Omit<T, keyof ResponseRate> & SuppressibleRate)[] {
  // Cells with nobody invited have no rate to hide and take no part in the rule (they would otherwise count
  // as hidden cells of 0 cities and force a lone real cell to be hidden).
  const invited = cells.filter((c) => c.N > 0);
  const hidden = new Set(invited.filter((_, i) => cellsToSuppress(invited.map((c) => c.N), DEFAULT_MIN_CELL)[i]));
  return cells.map((c) => (hidden.has(c) ? { ...c, started: null, n: null, rate: null, ci95: null, suppressed: true } : { ...c, suppressed: false }));
}

/**
 * The Unit's campaign page: per city how far it got (invited, opened, draft with progress, submitted), its
 * emails, response rates overall and per network and country, and responses per day against last year's.
 * The denominator N of every rate is the cities invited to this survey (that have a link), as in the analysis.
 */
export function campaignService(d: {
  admin: SurveysAdmin;
  surveys: SurveyStore;
  cities: CityStore;
  links: LinkStore;
  responses: ResponseStore;
  mailLog: MailLogStore;
  campaign: CampaignStore;
  clock: Clock;
}) {
  /** The instant a survey counts as opened: its first publication, else its planned opening date. */
  function openedAt(survey: Survey): Date | null {
    const published = d.campaign.firstPublishedAt({ surveyId: survey.id });
    const at = published ?? (survey.opensAt ? (/^\d{4}-\d{2}-\d{2}$/.test(survey.opensAt) ? `${survey.opensAt}T00:00:00Z` : survey.opensAt) : null);
    const date = at === null ? null : new Date(at);
    return date && !Number.isNaN(date.getTime()) ? date : null;
  }

  /** First saves and submissions per day since opening, with running totals. */
  function perDay(survey: Survey) {
    const opened = openedAt(survey);
    const invited = d.links.activityBySurvey({ surveyId: survey.id }).size;
    if (!opened) return { surveyId: survey.id, year: survey.year, openedAt: null, invited, days: [] as DayCount[] };
    const saves = new Map<number, number>();
    const submissions = new Map<number, number>();
    let last = 0;
    const add = (m: Map<number, number>, at: string | null) => {
      if (!at) return;
      const day = Math.max(0, daysBetween(opened, new Date(at)));
      if (day > MAX_DAYS) return;
      m.set(day, (m.get(day) ?? 0) + 1);
      last = Math.max(last, day);
    };
    for (const m of d.campaign.milestones({ surveyId: survey.id })) {
      add(saves, m.firstSavedAt);
      add(submissions, m.submittedAt);
    }
    // The series runs to the deadline (or today, while the survey runs), so a quiet end still shows as days.
    const deadline = deadlineOf(survey.closesAt);
    const now = d.clock.now();
    const end = deadline ? new Date(Math.min(deadline.endsAt.getTime() - 1, survey.status === 'open' ? now.getTime() : Infinity)) : now;
    last = Math.min(MAX_DAYS, Math.max(last, daysBetween(opened, end)));
    const days: DayCount[] = [];
    let started = 0;
    let submitted = 0;
    const start = Date.UTC(opened.getUTCFullYear(), opened.getUTCMonth(), opened.getUTCDate());
    for (let day = 0; day <= last; day++) {
      const firstSaves = saves.get(day) ?? 0;
      const subs = submissions.get(day) ?? 0;
      started += firstSaves;
      submitted += subs;
      days.push({ day, date: new Date(start + day * 86_400_000).toISOString().slice(0, 10), firstSaves, submissions: subs, started, submitted });
    }
    return { surveyId: survey.id, year: survey.year, openedAt: opened.toISOString(), invited, days };
  }

  return {
    /** `includeErrors`: the last SMTP error per city, which may name an address (admins only). */
    campaign({ surveyId, includeErrors }: { surveyId: number; includeErrors: boolean }) {
      const survey = d.admin.requireSurvey(surveyId);
      const links = d.links.activityBySurvey({ surveyId });
      const statuses = d.responses.statusBySurvey({ surveyId });
      const emails = new Map<number, { sent: number; failed: number; pending: number; cancelled: number; lastError: string | null }>();
      for (const row of d.mailLog.countsByCity({ surveyId })) {
        const e = emails.get(row.cityId) ?? { sent: 0, failed: 0, pending: 0, cancelled: 0, lastError: null };
        if (row.status === 'queued' || row.status === 'sending') e.pending += row.n;
        else e[row.status] += row.n;
        if (row.status === 'failed' && row.lastError) e.lastError = row.lastError;
        emails.set(row.cityId, e);
      }

      const cities = d.cities.list().map((c) => {
        const link = links.get(c.id);
        const s = statuses.get(c.id);
        const responseStatus = s?.status ?? 'not_started';
        const stage: CampaignStage =
          responseStatus === 'submitted' ? 'submitted' : responseStatus === 'draft' ? 'draft' : link?.firstOpenedAt ? 'opened' : link ? 'invited' : 'not_invited';
        const activity = [link?.lastOpenedAt, s?.updatedAt, s?.submittedAt].filter((x): x is string => !!x).sort();
        const { lastError, ...counts } = emails.get(c.id) ?? { sent: 0, failed: 0, pending: 0, cancelled: 0, lastError: null };
        return {
          cityId: c.id,
          code: c.code,
          name: c.name,
          nameFr: c.nameFr,
          country: c.country,
          sizeBand: c.sizeBand,
          networks: c.networks,
          stage,
          invited: link !== undefined,
          invitedAt: link?.firstCreatedAt ?? null,
          hasActiveLink: link?.hasActiveLink ?? false,
          opened: !!link?.firstOpenedAt,
          firstOpenedAt: link?.firstOpenedAt ?? null,
          responseStatus,
          progress: responseStatus === 'not_started' ? 0 : (s?.progress ?? 0),
          submittedAt: s?.submittedAt ?? null,
          lastActivityAt: activity.at(-1) ?? null,
          emails: includeErrors ? { ...counts, lastError } : counts,
        };
      });

      const invited = cities.filter((c) => c.invited);
      const rateFor = (group: typeof cities) => {
        const inv = group.filter((c) => c.invited);
        return rateOf(
          inv.length,
          inv.filter((c) => c.responseStatus !== 'not_started').length,
          inv.filter((c) => c.responseStatus === 'submitted').length,
        );
      };
      const networkNames = new Map(d.cities.listNetworks().map((n) => [n.code, n.name]));
      const byNetwork = [...networkNames.keys()]
        .map((code) => ({ network: code, name: networkNames.get(code)!, cities: cities.filter((c) => c.networks.includes(code)) }))
        .filter((g) => g.cities.length > 0)
        .map((g) => ({ network: g.network, name: g.name, members: g.cities.length, ...rateFor(g.cities) }));
      const countries = [...new Set(cities.map((c) => c.country))].sort();
      // Countries and size bands follow the analysis's small-cell rule (many countries have one or two members).
      const byCountry = suppressRates(
        countries.map((country) => {
          const group = cities.filter((c) => c.country === country);
          return { country, members: group.length, ...rateFor(group) };
        }),
      );
      const bySizeBand = suppressRates(
        CAMPAIGN_SIZE_BANDS.map((sizeBand) => {
          const group = cities.filter((c) => ((CAMPAIGN_SIZE_BANDS as readonly (string | null)[]).includes(c.sizeBand) ? c.sizeBand : 'unknown') === sizeBand);
          return { sizeBand, members: group.length, ...rateFor(group) };
        }).filter((g) => g.members > 0),
      );
      const previous = d.surveys.previous({ code: survey.code, year: survey.year });

      return {
        survey: { id: survey.id, year: survey.year, code: survey.code, title: survey.title, status: survey.status, opensAt: survey.opensAt, closesAt: survey.closesAt },
        generatedAt: d.clock.now().toISOString(),
        totals: {
          cities: cities.length,
          invited: invited.length,
          opened: invited.filter((c) => c.opened || c.responseStatus !== 'not_started').length,
          emails: cities.reduce(
            (sum, c) => ({ sent: sum.sent + c.emails.sent, failed: sum.failed + c.emails.failed, pending: sum.pending + c.emails.pending, cancelled: sum.cancelled + c.emails.cancelled }),
            { sent: 0, failed: 0, pending: 0, cancelled: 0 },
          ),
        },
        responseRate: rateFor(cities),
        byNetwork,
        byCountry,
        bySizeBand,
        cities,
        responsesPerDay: { current: perDay(survey), previous: previous ? perDay(previous) : null },
      };
    },
  };
}
export type CampaignService = ReturnType<typeof campaignService>;
