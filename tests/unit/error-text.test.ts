/**
 * What a page says when a request failed (client/api.ts errorText), in English and French: the failures anyone can
 * meet have their own text in both languages; any other server message is shown as it is, framed in French.
 */
import { expect, test } from 'vitest';
import { ApiError, NetworkError, errorText, linkProblem } from '../../client/api';
import { translate, type Lang } from '../../client/i18n';

const say = (lang: Lang, err: unknown) => errorText(err, (k, v) => translate(lang, k, v));
const apiError = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
  new ApiError(status, code, message, { error: { code, message, ...extra } });

test('no connection, a closed or submitted survey, a link problem: the page language, never the server English', () => {
  const cases: [unknown, string, string][] = [
    [new NetworkError('fetch failed'), 'The server could not be reached', 'Le serveur est injoignable'],
    [new TypeError('boom'), 'The server could not be reached', 'Le serveur est injoignable'],
    [apiError(409, 'closed', 'This survey is closed; answers can no longer be changed.'), 'This survey is closed: answers can no longer be sent.', 'Cette enquête est close'],
    [apiError(409, 'submitted', 'These answers have been submitted.'), 'already been submitted', 'déjà été envoyées'],
    [apiError(403, 'not_open', 'This survey is not open yet.'), 'not open yet', 'pas encore ouverte'],
    [apiError(404, 'not_found', 'This link has been replaced.', { reason: 'revoked' }), 'This link has been replaced', 'Ce lien a été remplacé'],
    [apiError(404, 'not_found', 'This link has expired.', { reason: 'expired' }), 'This link has expired', 'Ce lien a expiré'],
    [apiError(404, 'not_found', 'This link is not valid.', { reason: 'unknown' }), 'This link is not valid', 'Ce lien n’est pas valide'],
    [apiError(429, 'rate_limited', 'Too many requests.'), 'Too many requests in a short time', 'Trop de requêtes'],
    [apiError(413, 'too_large', 'The request body is too large (limit 2mb).'), 'too large to be sent', 'trop volumineux'],
    [apiError(401, 'unauthorised', 'Please sign in'), 'Your session has ended', 'Votre session a pris fin'],
    [apiError(403, 'forbidden', 'Admins only.'), 'not allowed', 'n’a pas le droit'],
  ];
  for (const [err, en, fr] of cases) {
    expect(say('en', err)).toContain(en);
    expect(say('fr', err)).toContain(fr);
    if (err instanceof ApiError) expect(say('fr', err)).not.toContain(err.message);
  }
});

test('a server error gives its reference to quote to the ICC Unit, in either language', () => {
  const err = apiError(500, 'internal', 'Something went wrong on our side (reference 0b6e2f0c-3a1d-4c55-9d0e-2f7a9e1c4b11).');
  expect(say('en', err)).toBe(
    'Something went wrong on the server. Try again in a moment; if it happens again, give the ICC Unit this reference: 0b6e2f0c-3a1d-4c55-9d0e-2f7a9e1c4b11.',
  );
  expect(say('fr', err)).toContain('référence à l’Unité ICC : 0b6e2f0c-3a1d-4c55-9d0e-2f7a9e1c4b11.');
  // A proxy's error page has no reference: the status stands in.
  expect(say('en', new ApiError(502, 'http_502', 'Bad Gateway'))).toContain('reference: HTTP 502.');
});

test('any other message of the server names what was wrong: as it is in English, framed as English in French', () => {
  const err = apiError(400, 'invalid', 'The current password is wrong.');
  expect(say('en', err)).toBe('The current password is wrong.');
  expect(say('fr', err)).toBe('Le serveur a refusé la demande (message en anglais) : « The current password is wrong. »');
  // A 404 of a staff page (no link reason) is such a message too.
  expect(say('en', apiError(404, 'not_found', 'No survey with this id.'))).toBe('No survey with this id.');
});

test('why a link was refused, as the respondent page shows it when it cannot load', () => {
  expect(linkProblem(apiError(403, 'not_open', 'This survey is not open yet.'))).toBe('notOpen');
  expect(linkProblem(apiError(404, 'not_found', 'x', { reason: 'revoked' }))).toBe('linkRevoked');
  expect(linkProblem(apiError(404, 'not_found', 'x', { reason: 'expired' }))).toBe('linkExpired');
  expect(linkProblem(apiError(404, 'not_found', 'x', { reason: 'unknown' }))).toBe('linkUnknown');
  // A 404 without a reason, another status or no answer at all is not a link problem.
  expect(linkProblem(apiError(404, 'not_found', 'This survey no longer exists.'))).toBeUndefined();
  expect(linkProblem(apiError(500, 'internal', 'x', { reason: 'revoked' }))).toBeUndefined();
  expect(linkProblem(new NetworkError('offline'))).toBeUndefined();
});
