import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';

/** Any number: the advisory lock that lets one instance at a time run the migrations. */
const migrationLock = 7_290_114;

/**
 * Run the SQL files in `dir` (001_name.sql, 002_...) that this database has not run yet, in order,
 * each in its own transaction with its name recorded; instances starting together take turns. Run
 * at every start: a database that has them all is left as it is.
 */
export async function migrate(pool: pg.Pool, dir: string): Promise<string[]> {
  const files = readdirSync(dir)
    .filter((name) => /^\d{3}_[a-z0-9_]+\.sql$/.test(name))
    .sort();
  const applied: string[] = [];
  const client = await pool.connect();
  try {
    // Held for the whole run (released below, or with the connection): one instance migrates at a time.
    await client.query('SELECT pg_advisory_lock($1)', [migrationLock]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    for (const name of files) {
      await client.query('BEGIN');
      try {
        const done = await client.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
        if (done.rowCount === 0) {
          await client.query(readFileSync(path.join(dir, name), 'utf8'));
          await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
          applied.push(name);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw new Error(`migration ${name} failed: ${(error as Error).message}`);
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLock]).catch(() => {});
    client.release();
  }
  return applied;
}
