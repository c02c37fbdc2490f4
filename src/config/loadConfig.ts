import { Config } from './Config.js';
import { ConfigError } from './ConfigError.js';

/** Variables whose values must never be echoed back, even in an error (a webhook URL may hold a token). */
const secret = new Set(['PSEUDONYM_SECRET', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'TELEGRAM_WEBHOOK_URL', 'PATRON_CODES', 'WHATSAPP_CLOUD_TOKEN', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'REDIS_URL', 'DATABASE_URL']);

/** Read and check the configuration; the first bad variable stops start-up with one clear line. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const result = Config.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? 'configuration');
  const value = env[name];
  const shown = value === undefined || secret.has(name) ? '' : ` (it is "${value}")`;
  throw new ConfigError(`${name} ${issue?.message ?? 'is not valid'}${shown}.`);
}
