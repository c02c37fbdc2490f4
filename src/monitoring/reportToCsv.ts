import { stringify } from 'csv-stringify/sync';
import type { Report } from './buildReport.js';

/**
 * The report as a spreadsheet: one row per figure. Each number column holds only numbers (empty when
 * there is none) and the status column beside it says why one is missing: value_status is "shown",
 * "<5", "hidden" or "group <5"; target_status "set" or "target not set"; variance_status "shown" or
 * "n/a (suppressed)". Empty statuses mean nothing applies (no target for a breakdown).
 */
export function reportToCsv(report: Report): string {
  const header = [
    'period', 'channel', 'county_filter', 'indicator', 'label', 'breakdown', 'category', 'category_label',
    'value', 'value_status', 'quarterly_target', 'target_status', 'variance', 'variance_status', 'note',
  ];
  const rows = report.rows.map((r) => [
    report.period, report.channel, report.county, r.indicator, r.label, r.breakdown, r.category, r.categoryLabel,
    r.value, r.status, r.target, r.targetStatus, r.variance, r.varianceStatus, r.note,
  ]);
  return stringify([header, ...rows]);
}
