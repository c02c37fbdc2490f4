import type { Report } from './buildReport.js';

/** The report as a table for the terminal; weekly rows are left to the CSV and the dashboard. */
export function reportToText(report: Report): string {
  const rows = report.rows.filter((r) => r.breakdown !== 'week starting');
  const table = rows.map((r) => [r.breakdown === 'total' ? r.label : `    ${r.breakdown}: ${r.categoryLabel}`, r.shown, r.targetText, r.varianceText]);
  const header = ['Indicator', 'Value', 'Target', 'Variance'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [
    `Monitoring report, ${report.period} (Nairobi time); channel: ${report.channel}; county: ${report.county}`,
    'Counts below 5 are shown as "<5"; "hidden" is a count of 5 or more hidden so that a "<5" cannot be worked out by subtraction.',
    'An average is shown when it is taken over 5 or more people; "n/a (group <5)" when over fewer.',
    '',
    line(header),
    ...table.map(line),
    '',
    ...report.notes,
    '',
  ].join('\n');
}
