import { Indicators } from './Indicators.js';
import type { Row } from './indicatorRows.js';

/**
 * Why a figure is or is not shown. "<5": a count below 5 (zero included). "hidden": a count of 5 or
 * more, hidden so that a "<5" cannot be worked out by subtraction. "group <5": an average or a
 * percentage taken over fewer than 5 people.
 */
export type ValueStatus = 'shown' | '<5' | 'hidden' | 'group <5';

/**
 * A figure as it may be shown. Numbers and statuses are kept apart, so a spreadsheet column holds one
 * type: `value`, `target` and `variance` are numbers or null, and the status beside each says why a
 * number is missing. `shown`, `targetText` and `varianceText` are the same, written for people.
 */
export interface ShownRow {
  indicator: string;
  /** The indicator's full name. */
  label: string;
  /** A short name for charts and tables, with `label` on hover. */
  short: string;
  breakdown: string;
  /** The category's id ("age10_12", "047", "total"). */
  category: string;
  /** The category in words ("Ages 10-12", "047 Nairobi"). */
  categoryLabel: string;
  value: number | null;
  status: ValueStatus;
  shown: string;
  /** The quarterly target of a total; null when there is none (see targetStatus). */
  target: number | null;
  /** "set", "target not set", or "" where no target applies (a breakdown, a period that is not a quarter). */
  targetStatus: '' | 'set' | 'target not set';
  targetText: string;
  /** Value minus target; null when there is none (see varianceStatus). */
  variance: number | null;
  /** "shown", "n/a (suppressed)" when the figure is not shown, or "" when there is no target. */
  varianceStatus: '' | 'shown' | 'n/a (suppressed)';
  varianceText: string;
  note: string;
}

/** The rows seen with one combination of filters ("all" when a filter is not used). */
export interface View {
  channel: string;
  county: string;
  rows: Row[];
}

export const SMALL = 5;

const averages = new Set(Indicators.filter((spec) => spec.averageOf).map((spec) => spec.id));

/**
 * Small-cell suppression over every view a reader can ask for (design.md, rule 2; docs/privacy.md).
 * Every count below 5, zero included, is hidden ("<5"). Then, because figures add up (categories of a
 * breakdown to their total; the channels to "all channels"; the counties' look-ups for a need to the
 * need's total), wherever exactly one figure of such a sum is hidden it could be recovered by
 * subtraction, so the smallest shown figure of that sum is hidden too ("hidden": it is 5 or more, and saying "<5"
 * would be untrue); repeated until nothing changes.
 * Figures outside the views (people whose channel was not recorded) are assumed known to the reader.
 * An average is not a count: it takes no part in these sums, and it is hidden ("group <5") only when
 * it is taken over fewer than 5 people. A variance is shown only when its figure is.
 */
export function suppress(views: readonly View[]): ShownRow[][] {
  // A figure shown in two places has one key: a county's look-ups are the total of that county's
  // view, and a channel's people or conversations are the total of that channel's view.
  const byChannel = new Set(Indicators.filter((i) => i.breakdowns.some((b) => b.id === 'channel')).map((i) => i.id));
  const keyOf = (view: View, row: Row) => {
    const county = row.indicator === 'referral_lookups' ? view.county : 'all';
    if (row.breakdown !== 'total') return `${view.channel}|${county}|${row.indicator}|${row.breakdown}|${row.category}`;
    if (county !== 'all') return `${view.channel}|all|referral_lookups|county|${view.county}`;
    if (view.channel !== 'all' && byChannel.has(row.indicator)) return `all|all|${row.indicator}|channel|${view.channel}`;
    return `${view.channel}|all|${row.indicator}|total|total`;
  };
  const cells = new Map<string, { value: number; hidden: boolean }>();
  for (const view of views) {
    for (const row of view.rows) {
      if (!averages.has(row.indicator)) cells.set(keyOf(view, row), { value: row.value, hidden: row.value < SMALL });
    }
  }

  const channelViews = (county: string) => views.filter((v) => v.channel !== 'all' && v.county === county);
  const countyViews = (channel: string) => views.filter((v) => v.channel === channel && v.county !== 'all');
  const sums: { total: string; parts: string[] }[] = [];
  for (const view of views) {
    const channels = channelViews(view.county);
    const counties = countyViews(view.channel);
    const allCounties = views.find((v) => v.channel === view.channel && v.county === 'all');
    const totals = new Map(view.rows.filter((r) => r.breakdown === 'total').map((r) => [r.indicator, keyOf(view, r)]));
    const parts = new Map<string, string[]>();
    for (const row of view.rows) {
      if (row.breakdown === 'total') continue;
      const group = `${row.indicator}|${row.breakdown}`;
      parts.set(group, [...(parts.get(group) ?? []), keyOf(view, row)]);
      if (view.channel === 'all') {
        sums.push({ total: keyOf(view, row), parts: channels.map((v) => keyOf(v, row)) });
      }
      if (view.county !== 'all' && row.indicator === 'referral_lookups') {
        if (allCounties) sums.push({ total: keyOf(allCounties, row), parts: counties.map((v) => keyOf(v, row)) });
      }
    }
    for (const [group, members] of parts) sums.push({ total: totals.get(group.split('|')[0]!)!, parts: members });
    if (view.channel === 'all') {
      // Indicators broken down by channel already have this sum, "not recorded" included.
      for (const row of view.rows.filter((r) => r.breakdown === 'total' && !averages.has(r.indicator) && !byChannel.has(r.indicator))) {
        sums.push({ total: keyOf(view, row), parts: channels.map((v) => keyOf(v, row)) });
      }
    }
  }

  // Views repeat the figures that a filter does not change: keep each sum once.
  const unique = [...new Map(sums.map((sum) => [`${sum.total}=${[...new Set(sum.parts)].sort().join('+')}`, sum])).values()];
  for (let changed = true; changed; ) {
    changed = false;
    for (const sum of unique) {
      const members = [sum.total, ...sum.parts].map((key) => cells.get(key)).filter((cell) => cell !== undefined);
      if (members.filter((cell) => cell.hidden).length !== 1) continue;
      const open = sum.parts.map((key) => cells.get(key)).filter((cell) => cell !== undefined && !cell.hidden);
      const smallest = open.sort((a, b) => a!.value - b!.value)[0];
      if (smallest) {
        smallest.hidden = true;
        changed = true;
      }
    }
  }

  return views.map((view) =>
    view.rows.map((row): ShownRow => {
      let status: ValueStatus = 'shown';
      if (averages.has(row.indicator)) {
        if ((row.group ?? 0) < SMALL) status = 'group <5';
      } else if (cells.get(keyOf(view, row))?.hidden) {
        status = row.value < SMALL ? '<5' : 'hidden';
      }
      const value = status === 'shown' ? row.value : null;
      const target = row.target ?? null;
      const variance = value !== null && target !== null ? value - target : null;
      const varianceStatus = target === null ? '' : variance === null ? 'n/a (suppressed)' : 'shown';
      return {
        indicator: row.indicator,
        label: row.label,
        short: row.short,
        breakdown: row.breakdown,
        category: row.category,
        categoryLabel: row.categoryLabel,
        value,
        status,
        shown: value !== null ? String(value) : status === 'group <5' ? 'n/a (group <5)' : status,
        target,
        targetStatus: row.target === undefined ? '' : row.target === null ? 'target not set' : 'set',
        targetText: row.target === undefined ? '' : row.target === null ? 'target not set' : String(row.target),
        variance,
        varianceStatus,
        varianceText: variance !== null ? `${variance >= 0 ? '+' : ''}${variance}` : varianceStatus === 'n/a (suppressed)' ? varianceStatus : '',
        note: row.note ?? '',
      };
    }),
  );
}
