import { projectPath } from '../app/projectPath.js';
import { PostgresEventLog } from '../storage/PostgresEventLog.js';
import path from 'node:path';
import { MonitoringError } from './MonitoringError.js';

/**
 * The events a report or the dashboard counts: PostgreSQL when DATABASE_URL is set (counted in SQL),
 * else the event files under DATA_DIR (undefined: the default). The database's migrations run first.
 */
export async function openDatabaseLog(env: NodeJS.ProcessEnv, dataDir: string, warn: (line: string) => void): Promise<PostgresEventLog | undefined> {
  const url = env.DATABASE_URL;
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) throw new MonitoringError('DATABASE_URL must be a postgres:// address, such as postgres://linda@127.0.0.1:5432/linda.');
  const log = new PostgresEventLog({ url, migrations: projectPath('migrations'), spoolFile: path.join(dataDir, 'events-spool.jsonl'), warn });
  try {
    await log.connect();
  } catch (error) {
    await log.close().catch(() => {});
    throw new MonitoringError(`DATABASE_URL: could not reach the monitoring database (${(error as Error).message}).`);
  }
  return log;
}
