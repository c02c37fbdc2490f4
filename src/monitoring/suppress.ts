import { Indicators } from './Indicators.js';
import type { Row } from './indicatorRows.js';

/**
 * A figure as it may be shown: `shown` is the number, "<5" for a count below 5, "hidden" for a count of
 * 5 or more hidden so that a small one cannot be worked out; `value` is null
 * whenever `shown` is not a number.
 */
export interface ShownRow {
  indicator: string;
  label: string;
  breakdown: string;
  category: string;
  value: number | null;
  shown: string;
  target: string;
  variance: string;
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
 * An average is shown only when the count it is taken over is, a variance only when its figure is.
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
      cells.set(keyOf(view, row), { value: row.value, hidden: row.value < SMALL && !averages.has(row.indicator) });
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

  return views.map((view) => {
    const isHidden = (row: Row) => cells.get(keyOf(view, row))?.hidden === true;
    const hiddenTotal = (indicator: string) => view.rows.some((r) => r.indicator === indicator && r.breakdown === 'total' && isHidden(r));
    return view.rows.map((row) => {
      const spec = Indicators.find((i) => i.id === row.indicator);
      const hidden = isHidden(row) || (spec?.averageOf !== undefined && hiddenTotal(spec.averageOf));
      const small = row.value < SMALL && !averages.has(row.indicator);
      const shown = hidden ? (small || averages.has(row.indicator) ? `<${SMALL}` : 'hidden') : String(row.value);
      let target = '';
      let variance = '';
      if (row.target !== undefined) {
        target = row.target === null ? 'target not set' : String(row.target);
        if (row.target === null) variance = '';
        else if (hidden) variance = 'n/a (suppressed)';
        else variance = `${row.value - row.target >= 0 ? '+' : ''}${row.value - row.target}`;
      }
      return {
        indicator: row.indicator,
        label: row.label,
        breakdown: row.breakdown,
        category: row.categoryLabel,
        value: hidden ? null : row.value,
        shown,
        target,
        variance,
        note: row.note ?? '',
      };
    });
  });
}
