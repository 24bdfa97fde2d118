import { AppError, invalid, notFound } from '../errors';
import type { City, CityStore, Network, NewNetwork } from '../stores/cities';

/**
 * The networks cities belong to (the international network, national networks), kept by the ICC Unit: created,
 * renamed in English and French, deleted while no city belongs to them; and each city's memberships.
 */
export function networkService(d: { cities: CityStore }) {
  function requireNetwork(id: number): Network {
    const n = d.cities.getNetwork({ id });
    if (!n) throw notFound(`No network with id ${id}.`);
    return n;
  }
  return {
    list(): Network[] {
      return d.cities.listNetworks();
    },
    create(n: NewNetwork): Network {
      if (d.cities.listNetworks().some((x) => x.code.toLowerCase() === n.code.toLowerCase())) {
        throw new AppError('conflict', `A network with the code ${n.code} exists already.`);
      }
      if (n.kind === 'national' && !n.country) throw invalid('country: a national network needs its country.', { problems: ['country: required for a national network'] });
      const id = d.cities.createNetwork({ ...n, country: n.kind === 'national' ? n.country : (n.country ?? null) });
      return requireNetwork(id);
    },
    update({ id, changes }: { id: number; changes: Partial<Pick<Network, 'name' | 'nameFr' | 'kind' | 'country'>> }): Network {
      const current = requireNetwork(id);
      const next = { ...current, ...changes };
      if (next.kind === 'national' && !next.country) throw invalid('country: a national network needs its country.', { problems: ['country: required for a national network'] });
      d.cities.updateNetwork(next);
      return requireNetwork(id);
    },
    /** Refused (409) while cities belong to the network: their memberships would vanish without anyone choosing it. */
    remove({ id }: { id: number }): void {
      const n = requireNetwork(id);
      if (n.members > 0) {
        throw new AppError('conflict', `${n.members} cit${n.members === 1 ? 'y belongs' : 'ies belong'} to the network ${n.code}: remove them from it first.`, {
          members: n.members,
        });
      }
      d.cities.deleteNetwork({ id });
    },
    /** The city's networks become exactly these codes. */
    setMemberships({ cityId, networks }: { cityId: number; networks: string[] }): City {
      if (!d.cities.get({ id: cityId })) throw notFound(`No city with id ${cityId}.`);
      const known = new Set(d.cities.listNetworks().map((n) => n.code));
      const unknown = networks.filter((c) => !known.has(c));
      if (unknown.length > 0) throw invalid(`Unknown network(s): ${unknown.join(', ')}.`, { problems: unknown.map((c) => `networks: unknown network ${c}`) });
      d.cities.setNetworks({ cityId, networkCodes: [...new Set(networks)] });
      return d.cities.get({ id: cityId })!;
    },
  };
}
export type NetworkService = ReturnType<typeof networkService>;
