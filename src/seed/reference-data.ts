/** The fixed reference rows every scale shares: service areas, courts and providers. */
import { providerId, seedUuid } from './ids';
import { COURTS, PROVIDERS, SERVICE_AREAS } from './names';
import type { RowWriter } from './row-writer';

/** Ids of the reference rows, by their index in the word lists of `names.ts`. */
export interface ReferenceIds {
  areaIds: string[];
  courtIds: string[];
  providerIds: string[];
}

/** `name` as an e-mail domain label: lower case, runs of other characters as one hyphen, none at the end. */
function domainLabel(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/-+$/, '');
}

export async function writeReferenceData(writer: RowWriter): Promise<ReferenceIds> {
  const areaIds = SERVICE_AREAS.map((_, i) => seedUuid(`service-area:${i}`));
  await writer.write(
    'service_areas',
    SERVICE_AREAS.map((a, i) => ({ id: areaIds[i], code: a.code, name: a.name })),
  );
  const courtIds = COURTS.map((_, i) => seedUuid(`court:${i}`));
  await writer.write(
    'courts',
    COURTS.map((c, i) => ({
      id: courtIds[i],
      code: c.code,
      name: `Family Court at ${c.town}`,
      email: `family.${c.town.toLowerCase().replace(/[^a-z]+/g, '')}@courts.example.org`,
    })),
  );
  const providerIds = PROVIDERS.map((_, i) => providerId(i));
  await writer.write(
    'providers',
    PROVIDERS.map((p, i) => ({
      id: providerIds[i],
      name: p.name,
      service: p.service,
      email: `complaints@${domainLabel(p.name)}.example.org`,
    })),
  );
  return { areaIds, courtIds, providerIds };
}
