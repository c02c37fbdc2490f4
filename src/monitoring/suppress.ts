import { Indicators } from './Indicators.js';
import type { Row } from './indicatorRows.js';

/** A figure as it may be shown: `shown` is the text; `value` is null whenever the text is not a number. */
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

export const SMALL = 5;

/**
 * Small-cell suppression (design.md, rule 2; docs/privacy.md). Every count below 5, zero included, is
 * shown as "<5". Because each breakdown sums to its indicator's total, a single suppressed cell in a
 * breakdown could be recovered as total minus the others: then the smallest other cell of that
 * breakdown is suppressed as well (complementary suppression). An average is shown only when the count
 * it is taken over is shown, and a variance only when its figure is.
 */
export function suppress(rows: readonly Row[]): ShownRow[] {
  const averages = new Set(Indicators.filter((spec) => spec.averageOf).map((spec) => spec.id));
  const hidden = rows.map((row) => row.value !== null && row.value < SMALL && !averages.has(row.indicator));
  const byGroup = new Map<string, number[]>();
  rows.forEach((row, i) => {
    if (row.breakdown === 'total') return;
    const key = `${row.indicator}\u0000${row.breakdown}`;
    byGroup.set(key, [...(byGroup.get(key) ?? []), i]);
  });
  for (const members of byGroup.values()) {
    if (members.filter((i) => hidden[i]).length !== 1) continue;
    const open = members.filter((i) => !hidden[i]).sort((a, b) => (rows[a]!.value ?? 0) - (rows[b]!.value ?? 0));
    if (open[0] !== undefined) hidden[open[0]] = true;
  }
  const totalHidden = (indicator: string) => rows.some((row, i) => row.indicator === indicator && row.breakdown === 'total' && hidden[i]);
  for (const spec of Indicators) {
    if (!spec.averageOf || !totalHidden(spec.averageOf)) continue;
    rows.forEach((row, i) => {
      if (row.indicator === spec.id) hidden[i] = true;
    });
  }

  return rows.map((row, i) => {
    const isHidden = hidden[i] === true;
    const shown = row.value === null ? 'not yet collected' : isHidden ? `<${SMALL}` : String(row.value);
    let target = '';
    let variance = '';
    if (row.target !== undefined) {
      target = row.target === null ? 'target not set' : String(row.target);
      if (row.value === null) variance = 'not yet collected';
      else if (row.target === null) variance = '';
      else if (isHidden) variance = 'n/a (suppressed)';
      else variance = `${row.value - row.target >= 0 ? '+' : ''}${row.value - row.target}`;
    }
    return {
      indicator: row.indicator,
      label: row.label,
      breakdown: row.breakdown,
      category: row.categoryLabel,
      value: row.value === null || isHidden ? null : row.value,
      shown,
      target,
      variance,
      note: row.note ?? '',
    };
  });
}
