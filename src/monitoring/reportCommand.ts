/**
 * `npm run report -- [options]`: the quarter's indicators from DATA_DIR, suppressed, beside targets.
 *   --quarter 2026Q4          a quarter in Nairobi time (default: the current one)
 *   --from D --to D           Nairobi dates, both included, instead of a quarter
 *   --csv [file] / --json [file]   the same figures for a spreadsheet (stdout without a file)
 *   --targets file            default: seeds/monitoring-targets.json
 *   --compact --older-than 24m     retention: quarters ended more than 24 months ago become counts
 * DATA_DIR (default ./data) is the bot's data folder.
 */
import { writeFileSync } from 'node:fs';
import { projectPath } from '../app/projectPath.js';
import { buildReport, quarterPeriod, type Period } from './buildReport.js';
import { compactEvents, keepFromFor } from './compactEvents.js';
import { openDatabaseLog } from './openDatabaseLog.js';
import { MonitoringError } from './MonitoringError.js';
import { Quarter } from '../events/Quarter.js';
import { reportToCsv } from './reportToCsv.js';
import { reportToText } from './reportToText.js';
import { loadTargets } from './Targets.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const option = (name: string) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1]?.startsWith('--') ? '' : (args[i + 1] ?? '');
  args.splice(i, value ? 2 : 1);
  return value;
};
const warn = (line: string) => process.stderr.write(`${line}\n`);

function period(quarter: string | undefined, from: string | undefined, to: string | undefined): Period {
  const date = /^\d{4}-\d{2}-\d{2}$/;
  if (from !== undefined || to !== undefined) {
    if (!from || !to || !date.test(from) || !date.test(to) || from > to) throw new MonitoringError('--from and --to need two dates such as 2026-10-01, the first not after the second.');
    const end = new Date(Quarter.startOfDay(to).getTime() + 86_400_000);
    return { label: `${from} to ${to}`, from: Quarter.startOfDay(from), to: end };
  }
  if (quarter === undefined) return quarterPeriod();
  const parsed = Quarter.parse(quarter);
  if (!parsed) throw new MonitoringError(`--quarter needs a quarter such as 2026Q4 (it is "${quarter}").`);
  return quarterPeriod(parsed);
}

try {
  const dataDir = process.env.DATA_DIR || './data';
  const database = await openDatabaseLog(process.env, dataDir, warn);
  try {
    if (flag('--compact')) {
      const window = /^(\d+)m$/.exec(option('--older-than') ?? '');
      if (!window || Number(window[1]) < 1) throw new MonitoringError('--compact needs --older-than with a number of months, such as 24m.');
      if (database) {
        const result = await database.compact(keepFromFor(new Date(), Number(window[1])));
        process.stdout.write(`Compacted ${result.quarters.join(', ') || 'nothing'}: ${result.eventsRemoved} raw events deleted from the database.\n`);
      } else {
        const result = await compactEvents(dataDir, new Date(), Number(window[1]));
        process.stdout.write(`Compacted ${result.quarters.join(', ') || 'nothing'}: ${result.eventsRemoved} raw events deleted, ${result.filesDeleted} monthly files removed.\n`);
      }
    } else {
      const csv = option('--csv');
      const json = option('--json');
      const targets = loadTargets(option('--targets') || projectPath('seeds/monitoring-targets.json'));
      const report = await buildReport({ dataDir, ...(database ? { source: database } : {}), period: period(option('--quarter'), option('--from'), option('--to')), targets, warn });
      if (args.length > 0) throw new MonitoringError(`Unknown option ${args[0]}; see the top of src/monitoring/reportCommand.ts.`);
      const write = (file: string, text: string) => (file ? writeFileSync(file, text, { mode: 0o600 }) : process.stdout.write(text));
      if (csv !== undefined) write(csv, reportToCsv(report));
      if (json !== undefined) write(json, `${JSON.stringify(report, null, 2)}\n`);
      if (csv === undefined && json === undefined) process.stdout.write(reportToText(report));
    }
  } finally {
    await database?.close();
  }
} catch (error) {
  if (!(error instanceof MonitoringError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
