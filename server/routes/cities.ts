import { Router } from 'express';
import { z } from 'zod';
import { invalid } from '../errors';
import { requireRole } from '../http/auth';
import { audited } from '../http/audit';
import { idParam, parseInput } from '../http/validate';
import { networkService } from '../services/networks';
import type { CityStore } from '../stores/cities';

const NETWORK_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const networkName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200)
  .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');
const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be a two-letter country code (ISO 3166, e.g. FR)')
  .nullable();
const newNetwork = z.strictObject({
  code: z.string().trim().regex(NETWORK_CODE, 'letters, digits, - and _, at most 40'),
  name: networkName,
  nameFr: networkName.nullable().optional(),
  kind: z.enum(['international', 'national']),
  country: country.optional(),
});
const networkChanges = z.strictObject({
  name: networkName.optional(),
  nameFr: networkName.nullable().optional(),
  kind: z.enum(['international', 'national']).optional(),
  country: country.optional(),
});
const memberships = z.strictObject({
  networks: z.array(z.string().regex(NETWORK_CODE, 'not a network code')).max(100),
});

/**
 * The roster: `GET /api/cities` and, for the networks, `GET/POST /api/cities/networks`,
 * `PATCH/DELETE /api/cities/networks/:networkId` and `PUT /api/cities/:id/networks` (a city's memberships).
 * Admins change, analysts read; every change is audited.
 */
export function cityRoutes(cities: CityStore): Router {
  const r = Router();
  const readers = requireRole('admin', 'analyst');
  const admins = requireRole('admin');
  const networks = networkService({ cities });
  const networkId = (raw: unknown) => parseInput(idParam, raw, 'network id');

  r.get('/', readers, (_req, res) => {
    res.json(cities.list());
  });
  r.get('/networks', readers, (_req, res) => {
    res.json(networks.list());
  });
  r.post('/networks', admins, audited('network.create'), (req, res) => {
    const body = parseInput(newNetwork, req.body);
    res.status(201).json(networks.create({ ...body, nameFr: body.nameFr ?? null, country: body.country ?? null }));
  });
  r.patch('/networks/:networkId', admins, audited('network.update'), (req, res) => {
    const id = networkId(req.params.networkId);
    const changes = parseInput(networkChanges, req.body);
    if (Object.keys(changes).length === 0) throw invalid('Nothing to change: send at least one field.', { problems: ['empty body'] });
    res.json(networks.update({ id, changes }));
  });
  r.delete('/networks/:networkId', admins, audited('network.delete'), (req, res) => {
    networks.remove({ id: networkId(req.params.networkId) });
    res.status(204).end();
  });
  r.put('/:id/networks', admins, audited('city.networks'), (req, res) => {
    const cityId = parseInput(idParam, req.params.id, 'city id');
    const body = parseInput(memberships, req.body);
    res.json(networks.setMemberships({ cityId, networks: body.networks }));
  });
  return r;
}
