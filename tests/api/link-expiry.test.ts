import { afterAll, beforeAll, expect, test } from 'vitest';
import { linkExpiryOf } from '../../server/stores/links';
import { ADMIN_EMAIL, START_TIME, expectError, jsonInit, startTestApp, type TestApp } from '../helpers/test-app';

// Link expiry policy (docs/decisions/008-link-expiry.md): a link stops working LINK_EXPIRY_DAYS (default 90) after
// its survey closed, counted from the later of the closing moment and the end of the survey's close date.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const DAY = 86_400_000;
const load = (token: string) => fetch(`${t.url}/api/respond/${token}`);
const setStatus = async (action: 'open' | 'close') => {
  // A fresh session each time: the test clock jumps past a session's lifetime.
  const res = await fetch(`${t.url}/api/surveys/${t.surveyId}/${action}`, { method: 'POST', headers: { Cookie: t.sessionCookie(ADMIN_EMAIL) } });
  expect(res.status).toBe(200);
};

test('the expiry is counted from the later of the closing moment and the end of the close date', () => {
  const closedEarly = linkExpiryOf({ closedAt: '2025-12-10T09:00:00.000Z', closesAt: '2026-01-31', expiryDays: 90 });
  expect(closedEarly?.toISOString()).toBe('2026-05-02T00:00:00.000Z');
  const closedLate = linkExpiryOf({ closedAt: '2026-03-01T12:00:00.000Z', closesAt: '2026-01-31', expiryDays: 10 });
  expect(closedLate?.toISOString()).toBe('2026-03-11T12:00:00.000Z');
  expect(linkExpiryOf({ closedAt: null, closesAt: '2026-01-31', expiryDays: 90 })).toBeNull();
});

test('a link of a closed survey works until the expiry, then answers 404 "expired"; reopening the survey extends it', async () => {
  const cityId = t.cities[0]!.id;
  const token = t.linkFor(t.surveyId, cityId);
  const saved = await fetch(`${t.url}/api/respond/${token}`, jsonInit('PUT', { data: { city_name: 'Aarhus' }, revision: 0 }));
  expect(saved.status).toBe(200);

  t.clock.set(START_TIME);
  await setStatus('close');
  // The default survey closes on 2026-01-31: 90 days after the end of that day is 2026-05-02T00:00Z.
  t.clock.set(new Date('2026-05-01T23:59:59.000Z'));
  const stillThere = await load(token);
  expect(stillThere.status).toBe(200);
  expect(((await stillThere.json()) as { status: string }).status).toBe('closed');

  t.clock.set(new Date('2026-05-02T00:00:00.000Z'));
  const expired = await expectError(await load(token), 404, 'not_found');
  expect(expired.error.reason).toBe('expired');
  expect(expired.error.message).toMatch(/expired/);
  // Every link route says the same: the team route too.
  const team = await expectError(await fetch(`${t.url}/api/respond/${token}/team`), 404, 'not_found');
  expect(team.error.reason).toBe('expired');

  // Reopened: the link works again, and never expires while the survey is open.
  await setStatus('open');
  t.clock.set(new Date('2027-01-01T00:00:00.000Z'));
  expect((await load(token)).status).toBe(200);

  // Closed again later: 90 days from this closing (after the close date).
  await setStatus('close');
  t.clock.set(new Date(Date.parse('2027-01-01T00:00:00.000Z') + 90 * DAY - 1000));
  expect((await load(token)).status).toBe(200);
  t.clock.set(new Date(Date.parse('2027-01-01T00:00:00.000Z') + 90 * DAY));
  expect((await expectError(await load(token), 404, 'not_found')).error.reason).toBe('expired');
  await setStatus('open');
  t.clock.set(START_TIME);
});

test('LINK_EXPIRY_DAYS sets the grace period', async () => {
  const short = await startTestApp({ env: { LINK_EXPIRY_DAYS: '7' } });
  try {
    const token = short.linkFor(short.surveyId, short.cities[1]!.id);
    short.clock.set(new Date('2026-02-10T10:00:00.000Z'));
    const cookie = short.sessionCookie(ADMIN_EMAIL);
    expect((await fetch(`${short.url}/api/surveys/${short.surveyId}/close`, { method: 'POST', headers: { Cookie: cookie } })).status).toBe(200);
    short.clock.set(new Date('2026-02-17T09:59:59.000Z'));
    expect((await fetch(`${short.url}/api/respond/${token}`)).status).toBe(200);
    short.clock.set(new Date('2026-02-17T10:00:00.000Z'));
    const body = await expectError(await fetch(`${short.url}/api/respond/${token}`), 404, 'not_found');
    expect(body.error.reason).toBe('expired');
  } finally {
    await short.close();
  }
});
