import { stringify } from 'csv-stringify/sync';
import type { ReferralService } from '../seeds/ReferralService.js';
import { csvColumns } from './csvColumns.js';

/** The directory as a spreadsheet an operator can edit, one service a row. */
export function servicesToCsv(services: ReferralService[]): string {
  return stringify(
    services.map((s) => ({
      id: s.id,
      county: s.county,
      needs: s.needs.join(';'),
      kind: s.kind,
      name_en: s.name.en,
      name_sw: s.name.sw,
      where_en: s.where.en,
      where_sw: s.where.sw,
      phones: s.phones.join(';'),
      hours: s.hours,
      cost: s.cost,
      source: s.source,
      verified: s.verified ? 'yes' : 'no',
      last_verified: s.lastVerified ?? '',
      latitude: s.location?.latitude ?? '',
      longitude: s.location?.longitude ?? '',
    })),
    { header: true, columns: [...csvColumns] },
  );
}
