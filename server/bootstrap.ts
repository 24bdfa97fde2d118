import { loadDefaultSurveys } from '../surveys/default-surveys';
import type { Stores } from './app';
import type { Clock } from './clock';
import type { Config } from './config';
import { generatePassword, hashPassword } from './security/passwords';
import { plainText } from './services/surveys-admin';

/** Creates or updates the admin of ADMIN_EMAIL/ADMIN_PASSWORD; generates one when none exists. */
export async function ensureAdmin(stores: Stores, config: Config, clock: Clock): Promise<{ email: string; password?: string } | undefined> {
  if (config.adminEmail && config.adminPassword) {
    stores.users.upsertAdmin({ email: config.adminEmail, passwordHash: await hashPassword(config.adminPassword), now: clock.now() });
    return { email: config.adminEmail };
  }
  if (stores.users.count({ role: 'admin' }) > 0) return undefined;
  const email = 'admin@icc.local';
  const password = generatePassword();
  stores.users.create({ email, name: 'ICC Unit', passwordHash: await hashPassword(password), role: 'admin', now: clock.now() });
  return { email, password };
}

/** Loads the questionnaires of `surveys/` as this year's open surveys when the database has none. */
export function ensureDefaultSurveys(stores: Stores, clock: Clock): number | undefined {
  if (stores.surveys.count() > 0) return undefined;
  const year = clock.now().getFullYear();
  let firstId: number | undefined;
  for (const { code, definition } of loadDefaultSurveys()) {
    const id = stores.surveys.create({
      year,
      code,
      title: plainText(definition.title) || `ICC annual survey ${year}`,
      definition,
      opensAt: `${year}-12-01`,
      closesAt: `${year + 1}-01-31`,
      now: clock.now(),
    });
    stores.surveys.setStatus({ id, status: 'open', now: clock.now() });
    firstId ??= id;
  }
  return firstId;
}

/** One clearly labelled example city, so that a fresh install has a link to try. */
export function ensureExampleCity(stores: Stores): void {
  if (stores.cities.count() > 0) return;
  stores.cities.create({
    code: 'EXAMPLE',
    name: 'Exampleville (example city, not a member)',
    nameFr: 'Exempleville (ville d’exemple, non membre)',
    country: 'FR',
    sizeBand: 'medium',
    isSynthetic: true,
  });
}
