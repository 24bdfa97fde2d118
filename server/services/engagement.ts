import type { Writable } from 'node:stream';
import type { CampaignStore } from '../stores/campaign';
import type { CityStore } from '../stores/cities';
import type { SurveyStore } from '../stores/surveys';
import { csvLines, csvOutput } from './csv-export';

const CHUNK_ROWS = 500;

export const CITY_ENGAGEMENT_HEADERS = [
  'city', 'city_name', 'country', 'networks', 'survey_year', 'survey_code', 'invited', 'answered', 'submitted', 'progress_percent',
] as const;
export const NETWORK_ENGAGEMENT_HEADERS = [
  'network', 'network_name', 'survey_year', 'survey_code', 'member_cities', 'invited', 'answered', 'submitted', 'response_rate',
] as const;

/**
 * Engagement over the years (Rec 10): which survey each city was invited to, answered (saved at least once) and
 * submitted, and how complete its answers are; and the same summed per network. Network membership is the
 * roster's current one: a city that joined a network this year counts in that network's earlier years too
 * (the roster keeps no membership history).
 */
export function engagementExport(d: { campaign: CampaignStore; cities: CityStore; surveys: SurveyStore }) {
  function rows() {
    const surveys = new Map(d.surveys.list().map((s) => [s.id, s]));
    const cities = new Map(d.cities.list().map((c) => [c.id, c]));
    return d.campaign.engagement().flatMap((e) => {
      const survey = surveys.get(e.surveyId);
      const city = cities.get(e.cityId);
      return survey && city ? [{ ...e, survey, city }] : [];
    });
  }

  async function write(out: Writable, bom: boolean, header: readonly string[], lines: (string | number)[][]) {
    const output = csvOutput(out);
    if (bom) await output.write('\uFEFF');
    await output.write(csvLines([[...header]]));
    for (let i = 0; i < lines.length && !output.isClosed(); i += CHUNK_ROWS) {
      await output.write(csvLines(lines.slice(i, i + CHUNK_ROWS)));
    }
  }

  return {
    /** One row per city and opened survey, cities by code, surveys by year. */
    async writeCities({ out, bom }: { out: Writable; bom: boolean }): Promise<void> {
      const lines = rows().map((r) => [
        r.city.code,
        r.city.name,
        r.city.country,
        r.city.networks.join(';'),
        r.survey.year,
        r.survey.code,
        r.invited ? 1 : 0,
        r.saved ? 1 : 0,
        r.submitted ? 1 : 0,
        Math.round(r.progress * 100),
      ]);
      await write(out, bom, CITY_ENGAGEMENT_HEADERS, lines);
    },

    /** One row per network and opened survey: members, invited, answered, submitted, submitted / invited. */
    async writeNetworks({ out, bom }: { out: Writable; bom: boolean }): Promise<void> {
      const all = rows();
      const lines: (string | number)[][] = [];
      for (const network of d.cities.listNetworks()) {
        const members = all.filter((r) => r.city.networks.includes(network.code));
        const bySurvey = new Map<number, typeof members>();
        for (const r of members) bySurvey.set(r.surveyId, [...(bySurvey.get(r.surveyId) ?? []), r]);
        const surveys = [...bySurvey.values()].sort((a, b) => a[0]!.survey.year - b[0]!.survey.year || a[0]!.survey.code.localeCompare(b[0]!.survey.code));
        for (const group of surveys) {
          const invited = group.filter((r) => r.invited);
          const submitted = invited.filter((r) => r.submitted).length;
          lines.push([
            network.code,
            network.name,
            group[0]!.survey.year,
            group[0]!.survey.code,
            group.length,
            invited.length,
            invited.filter((r) => r.saved).length,
            submitted,
            invited.length > 0 ? Number((submitted / invited.length).toFixed(4)) : '',
          ]);
        }
      }
      await write(out, bom, NETWORK_ENGAGEMENT_HEADERS, lines);
    },
  };
}
export type EngagementExport = ReturnType<typeof engagementExport>;
