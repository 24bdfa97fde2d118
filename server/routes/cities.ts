import { Router } from 'express';
import { requireRole } from '../http/auth';
import type { CityStore } from '../stores/cities';

export function cityRoutes(cities: CityStore): Router {
  const r = Router();
  r.get('/', requireRole('admin', 'analyst'), (_req, res) => {
    res.json(cities.list());
  });
  r.get('/networks', requireRole('admin', 'analyst'), (_req, res) => {
    res.json(cities.listNetworks());
  });
  return r;
}
