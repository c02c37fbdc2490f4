import { CategoryLabels } from './CategoryLabels.js';
import { Indicators } from './Indicators.js';
import type { Counts } from './QuarterCounts.js';
import type { Targets } from './Targets.js';

/** One figure before suppression: an indicator's total, or one category of one of its breakdowns. */
export interface Row {
  indicator: string;
  label: string;
  short: string;
  breakdown: string;
  category: string;
  /** Words for the category ("Ages 10-12"), where `category` is its id ("age10_12"). */
  categoryLabel: string;
  value: number;
  /** For totals: the quarterly target, null when not set; undefined when the period is not one quarter. */
  target?: number | null;
  /** For an average: how many people it is taken over (it is shown only when 5 or more). */
  group?: number;
  note?: string;
}

export interface RowOptions {
  /** Only referral look-ups in this county (the dashboard's county filter). */
  county?: string;
  targets?: Targets;
  /** Words for category ids; without it, ids are shown as they are. */
  labels?: CategoryLabels;
}

/**
 * Lay counts out as the report's rows, in the order of `Indicators`. Raw numbers: `suppress` must
 * run before any of them is shown.
 */
export function indicatorRows(counts: Counts, options: RowOptions = {}): Row[] {
  const rows: Row[] = [];
  const tally = (indicator: string, breakdown: string) => counts[`${indicator}.${breakdown}`] ?? {};
  const labels = options.labels ?? new CategoryLabels();
  for (const spec of Indicators) {
    const { id, label, short, note } = spec;
    let total = tally(id, 'total').total ?? 0;
    const group = spec.averageOf ? (tally(spec.averageOf, 'total').total ?? 0) : undefined;
    if (group !== undefined) total = group > 0 ? Math.round((100 * total) / group) : 0;
    let breakdowns = spec.breakdowns;
    if (id === 'referral_lookups' && options.county) {
      const county = options.county;
      const inCounty = Object.entries(tally(id, 'county_need')).filter(([key]) => key.startsWith(`${county}_`));
      total = inCounty.reduce((sum, [, n]) => sum + n, 0);
      breakdowns = breakdowns.filter((b) => b.id === 'need');
      counts = { ...counts, [`${id}.need`]: Object.fromEntries(inCounty.map(([key, n]) => [key.slice(4), n])) };
    }
    const target = options.targets ? (options.targets.perQuarter[id] ?? null) : undefined;
    rows.push({ indicator: id, label, short, breakdown: 'total', category: 'total', categoryLabel: 'total', value: total, target, ...(group === undefined ? {} : { group }), note });
    for (const breakdown of breakdowns) {
      const values = tally(id, breakdown.id);
      const keys = breakdown.keys ?? Object.keys(values).sort();
      for (const key of keys) {
        // "Not recorded" is a gap in the records, not a group of people, and "mixed ages" is rare: each is
        // listed only when someone is in it, so that its zero does not force a figure beside it into hiding.
        if ((key === 'not_recorded' || key === 'mixed') && !values[key]) continue;
        rows.push({ indicator: id, label, short, breakdown: breakdown.label, category: key, categoryLabel: labels.label(breakdown.id, key), value: values[key] ?? 0 });
      }
    }
  }
  return rows;
}
