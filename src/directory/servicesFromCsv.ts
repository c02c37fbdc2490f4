import { parse } from 'csv-parse/sync';
import { ReferralService } from '../seeds/ReferralService.js';
import { csvColumns } from './csvColumns.js';

export interface CsvImport {
  services: ReferralService[];
  /** Every problem found, each naming its row (as the spreadsheet numbers it), id and column. */
  errors: string[];
}

const list = (cell: string) => cell.split(';').map((v) => v.trim()).filter(Boolean);

/**
 * Read an edited directory spreadsheet. Every row is checked against the same rules as the seed
 * file, and all problems are reported at once, so an operator fixes them in one pass.
 */
export function servicesFromCsv(text: string): CsvImport {
  const errors: string[] = [];
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    return { services: [], errors: [`the file is not a valid CSV: ${(error as Error).message}`] };
  }
  const header = rows[0] ? Object.keys(rows[0]) : [];
  const missing = csvColumns.filter((c) => !header.includes(c));
  if (rows.length > 0 && missing.length > 0) return { services: [], errors: [`missing columns: ${missing.join(', ')}`] };

  const services: ReferralService[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const line = i + 2; // the header is row 1
    const where = `row ${line}${row.id ? ` (id ${row.id})` : ''}`;
    const candidate = {
      id: row.id,
      county: row.county,
      needs: list(row.needs ?? ''),
      kind: row.kind,
      name: { en: row.name_en, sw: row.name_sw },
      where: { en: row.where_en, sw: row.where_sw },
      phones: list(row.phones ?? ''),
      hours: row.hours,
      cost: row.cost,
      source: row.source,
      verified: row.verified === 'yes' ? true : row.verified === 'no' ? false : row.verified,
      lastVerified: row.last_verified ? row.last_verified : null,
      ...(row.latitude || row.longitude ? { location: { latitude: Number(row.latitude), longitude: Number(row.longitude) } } : {}),
    };
    const result = ReferralService.safeParse(candidate);
    if (!result.success) {
      for (const issue of result.error.issues) errors.push(`${where} › ${columnOf(issue.path)}: ${issue.message}`);
      return;
    }
    const earlier = seen.get(result.data.id);
    if (earlier !== undefined) errors.push(`${where}: the same id as row ${earlier}`);
    seen.set(result.data.id, line);
    services.push(result.data);
  });
  return { services, errors };
}

/** The spreadsheet column an issue is about ("name.sw" is name_sw; "verified" wants yes or no). */
function columnOf(path: PropertyKey[]): string {
  const [field, sub] = path.map(String);
  if (field === 'name' || field === 'where') return `${field}_${sub ?? 'en'}`;
  if (field === 'lastVerified') return 'last_verified';
  if (field === 'verified') return 'verified (yes or no)';
  if (field === 'location') return sub ?? 'latitude';
  return field ?? 'row';
}
