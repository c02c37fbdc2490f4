import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { projectPath } from '../app/projectPath.js';
import { Channel } from '../domain/Channel.js';
import { CategoryLabels } from './CategoryLabels.js';
import { indicatorRows } from './indicatorRows.js';
import { fileCountSource, loadPeriodCounts, type CountSource } from './loadPeriodCounts.js';
import { Quarter } from '../events/Quarter.js';
import { suppress, type ShownRow } from './suppress.js';
import type { Targets } from './Targets.js';

export interface Period {
  /** "2026Q4", or "2026-10-01 to 2026-10-31" (Nairobi dates, both included). */
  label: string;
  from: Date;
  to: Date;
  /** Set when the period is exactly one quarter: only then are quarterly targets compared. */
  quarter?: string;
}

export interface ReportRequest {
  dataDir: string;
  /** Counts from PostgreSQL (DATABASE_URL) instead of the event files under dataDir. */
  source?: CountSource;
  period: Period;
  targets: Targets;
  channel?: Channel;
  county?: string;
  warn?: (line: string) => void;
}

/** A report as it may be shown, printed, downloaded or charted: every figure already suppressed. */
export interface Report {
  period: string;
  channel: string;
  county: string;
  targetsSource: string;
  rows: ShownRow[];
  notes: string[];
}

let countyNames: Map<string, string> | undefined;
let labels: CategoryLabels | undefined;
const CountyList = z.object({ counties: z.array(z.object({ code: z.string(), name: z.string() })) });

/** The indicators for a period and filters, from the data folder, with targets, suppressed. */
export async function buildReport(request: ReportRequest): Promise<Report> {
  const { period, targets } = request;
  countyNames ??= new Map(CountyList.parse(JSON.parse(readFileSync(projectPath('seeds/counties.json'), 'utf8'))).counties.map((c) => [c.code, c.name]));
  labels ??= CategoryLabels.load();
  const { counts, notes } = await loadPeriodCounts(request.source ?? fileCountSource(request.dataDir, request.warn), period.from, period.to);
  // Every filter combination is suppressed together, so that no two views can be subtracted to
  // reveal a hidden figure; only the one asked for is returned.
  const names = countyNames;
  const views = ['all', ...Channel.options].flatMap((channel) =>
    ['all', ...names.keys()].map((county) => ({
      channel,
      county,
      rows: indicatorRows(counts[channel as keyof typeof counts] ?? {}, {
        county: county === 'all' ? undefined : county,
        targets: period.quarter ? targets : undefined,
        labels,
      }),
    })),
  );
  const wanted = views.findIndex((v) => v.channel === (request.channel ?? 'all') && v.county === (request.county ?? 'all'));
  if (!period.quarter) notes.push('Targets are quarterly, so they are compared only when the period is one whole quarter.');
  if (targets.placeholder) notes.push(`Targets are placeholders, not agreed figures: ${targets.source}`);
  if (request.channel) notes.push(`Channel filter: only people whose conversation started on ${request.channel} this quarter.`);
  if (request.county) notes.push(`County filter ${request.county}: applies to referral look-ups only.`);
  return {
    period: period.label,
    channel: request.channel ?? 'all',
    county: request.county ?? 'all',
    targetsSource: targets.source,
    rows: suppress(views)[wanted]!,
    notes,
  };
}

/** The current Nairobi quarter, or the one asked for. */
export function quarterPeriod(quarter: string = Quarter.of(new Date())): Period {
  return { label: quarter, quarter, ...Quarter.bounds(quarter) };
}
