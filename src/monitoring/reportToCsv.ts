import { stringify } from 'csv-stringify/sync';
import type { Report } from './buildReport.js';

/** The report as a spreadsheet: one row per figure, the same suppressed text as everywhere else. */
export function reportToCsv(report: Report): string {
  const header = ['period', 'channel', 'county_filter', 'indicator', 'label', 'breakdown', 'category', 'value', 'quarterly_target', 'variance', 'note'];
  const rows = report.rows.map((r) => [report.period, report.channel, report.county, r.indicator, r.label, r.breakdown, r.category, r.shown, r.target, r.variance, r.note]);
  return stringify([header, ...rows]);
}
