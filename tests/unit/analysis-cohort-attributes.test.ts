import { expect, test } from 'vitest';
import { resolveAttributes, type RosterCity } from '../../analysis/cohort';

test('networks already trimmed, distinct and in code order come back equal, in a new array', () => {
  const network = ['EU', 'icc', 'nat-es'];
  const resolved = resolveAttributes({ code: 'C1', network, country: ' ES ', size: '' });
  expect(resolved).toEqual({ networks: ['EU', 'icc', 'nat-es'], country: 'ES', size: null });
  expect(resolved.networks).not.toBe(network);
  resolved.networks.push('x');
  expect(network).toEqual(['EU', 'icc', 'nat-es']);
});

test('networks out of order, repeated, padded or blank are trimmed, de-duplicated and sorted by code', () => {
  expect(resolveAttributes({ network: ['icc', 'EU'] }).networks).toEqual(['EU', 'icc']);
  expect(resolveAttributes({ network: ['icc', 'icc'] }).networks).toEqual(['icc']);
  expect(resolveAttributes({ network: ['EU', ' icc'] }).networks).toEqual(['EU', 'icc']);
  expect(resolveAttributes({ network: ['EU', 'icc '] }).networks).toEqual(['EU', 'icc']);
  expect(resolveAttributes({ network: ['EU', ''] }).networks).toEqual(['EU']);
  expect(resolveAttributes({ network: ['EU', '  ', 'icc'] }).networks).toEqual(['EU', 'icc']);
  // Code order, not the locale's: upper case first.
  expect(resolveAttributes({ network: ['b', 'B', 'a'] }).networks).toEqual(['B', 'a', 'b']);
});

test('items that are not text are left out; no networks is an empty list', () => {
  const city = { code: 'C1', network: ['icc', 7, null, 'nat-fr'] } as unknown as RosterCity;
  expect(resolveAttributes(city).networks).toEqual(['icc', 'nat-fr']);
  expect(resolveAttributes({ network: [] }).networks).toEqual([]);
  expect(resolveAttributes({}).networks).toEqual([]);
  expect(resolveAttributes(undefined)).toEqual({ networks: [], country: null, size: null });
});

test('networks given as a text rather than a list are refused as before', () => {
  // 'EU': its letters are in code order, as a resolved list's items are.
  const city = { code: 'C1', network: 'EU' } as unknown as RosterCity;
  expect(() => resolveAttributes(city)).toThrow(TypeError);
});
