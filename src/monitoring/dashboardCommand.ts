/**
 * `npm run dashboard`: serve the indicators as charts on DASHBOARD_HOST:DASHBOARD_PORT (default
 * 127.0.0.1:8090) from DATA_DIR (default ./data), or from PostgreSQL with DATABASE_URL. Another
 * address needs DASHBOARD_TOKEN.
 */
import { projectPath } from '../app/projectPath.js';
import { dashboardServer } from './dashboardServer.js';
import { loadDashboardSettings } from './DashboardSettings.js';
import { MonitoringError } from './MonitoringError.js';
import { loadTargets } from './Targets.js';
import { openDatabaseLog } from './openDatabaseLog.js';

try {
  const settings = loadDashboardSettings(process.env);
  const targets = loadTargets(projectPath('seeds/monitoring-targets.json'));
  const warn = (line: string) => process.stderr.write(`${line}\n`);
  const dataDir = process.env.DATA_DIR || './data';
  const database = await openDatabaseLog(process.env, dataDir, warn);
  const server = dashboardServer(settings, { dataDir, targets, warn, ...(database ? { source: database } : {}) });
  server.listen(settings.port, settings.host, () => {
    const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    process.stdout.write(`Dashboard on http://${host}:${settings.port}/${settings.token ? ' (add ?token=... once)' : ''}\n`);
  });
  process.on('SIGINT', () => server.close(() => process.exit(0)));
} catch (error) {
  if (!(error instanceof MonitoringError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
