import pino from 'pino';
import { createApp } from './app/createApp.js';
import { runConsole } from './channels/console/runConsole.js';
import { runTranscript } from './channels/console/runTranscript.js';
import { startTelegram, type RunningTelegram } from './channels/telegram/startTelegram.js';
import { TelegramChannelError } from './channels/telegram/TelegramChannelError.js';
import { checkChromium } from './channels/whatsapp/checkChromium.js';
import { startWhatsApp, type RunningWhatsApp } from './channels/whatsapp/startWhatsApp.js';
import { startWhatsAppCloud, type RunningWhatsAppCloud } from './channels/whatsapp/cloud/startWhatsAppCloud.js';
import { WhatsAppChannelError } from './channels/whatsapp/WhatsAppChannelError.js';
import { ConfigError } from './config/ConfigError.js';
import { loadConfig } from './config/loadConfig.js';
import { LocaleError } from './i18n/LocaleError.js';
import { SeedError } from './seeds/SeedError.js';

/**
 * `npm start`: the terminal chat, or with TELEGRAM_BOT_TOKEN the Telegram bot, with
 * WHATSAPP_CLOUD_TOKEN WhatsApp through the official Cloud API, and with WHATSAPP_ENABLED=true
 * WhatsApp through WhatsApp Web (the terminal too when CONSOLE=true);
 * `npm start -- --transcript`: the scripted mode, alone. Logs go to
 * stderr, so stdout carries only the conversation. A bad setting or seed file stops start-up
 * with a message that names it. SIGINT or SIGTERM stops gracefully: replies in progress are
 * finished and storage is flushed.
 */
async function main(): Promise<void> {
  // Every file this process creates (sessions, events, the secret) is readable by its owner only.
  process.umask(0o077);
  const transcript = process.argv.includes('--transcript');
  const config = loadConfig(process.env);
  const whatsappOn = config.WHATSAPP_ENABLED && !transcript;
  // No browser: stop before anything starts or is written.
  if (whatsappOn) checkChromium(config.CHROMIUM_PATH);
  const logger = pino({ level: transcript ? 'warn' : config.LOG_LEVEL, base: null }, pino.destination({ dest: 2, sync: true }));
  const app = createApp(config, { logger, storage: 'files', notice: (line) => process.stderr.write(`${line}\n`) });
  await app.ready();
  const swept = await app.engine.sweepExpired();
  if (swept > 0) logger.info({ swept }, 'deleted expired conversations');
  setInterval(() => void app.engine.sweepExpired(), 86_400_000).unref();

  let telegram: RunningTelegram | undefined;
  let whatsapp: RunningWhatsApp | undefined;
  let whatsappCloud: RunningWhatsAppCloud | undefined;
  let closing = false;
  const close = async (code: number) => {
    if (closing) return;
    closing = true;
    await Promise.all([telegram?.stop(), whatsapp?.stop(), whatsappCloud?.stop()]);
    await app.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void close(0));
  process.on('SIGTERM', () => void close(0));

  if (transcript) {
    await runTranscript(process.stdin, process.stdout, app);
    return close(0);
  }
  if (config.TELEGRAM_BOT_TOKEN) {
    telegram = await startTelegram(config, {
      engine: app.engine,
      translator: app.translator,
      logger,
      outbox: app.outbox,
      quiz: app.quiz,
      keyOf: (userId) => app.pseudonymOf('telegram', userId),
    });
    telegram.done.catch((error: unknown) => {
      process.stderr.write(`Telegram error: ${(error as Error).message}\n`);
      void close(1);
    });
  }
  if (whatsappOn) {
    whatsapp = await startWhatsApp(config, {
      engine: app.engine,
      translator: app.translator,
      logger,
      outbox: app.outbox,
      terminal: (text) => process.stderr.write(`${text}\n`),
    });
  }
  if (config.WHATSAPP_CLOUD_TOKEN) {
    try {
      whatsappCloud = await startWhatsAppCloud(config, { engine: app.engine, translator: app.translator, logger, outbox: app.outbox, store: app.store });
    } catch (error) {
      process.stderr.write(
        `WhatsApp Cloud API error: the webhook could not listen on ${config.WHATSAPP_WEBHOOK_HOST}:${config.WHATSAPP_WEBHOOK_PORT} (${(error as Error).message}). Set WHATSAPP_WEBHOOK_HOST and WHATSAPP_WEBHOOK_PORT to a free address.\n`,
      );
      return close(2);
    }
    process.stderr.write(`WhatsApp Cloud API: webhook on http://${config.WHATSAPP_WEBHOOK_HOST}:${whatsappCloud.port}${config.WHATSAPP_WEBHOOK_PATH} (put it behind https).\n`);
  }
  const channels = telegram !== undefined || whatsapp !== undefined || whatsappCloud !== undefined;
  if (!channels || config.CONSOLE) await runConsole(process.stdin, process.stdout, app);
  // With a chat channel running, the end of the terminal chat does not stop the bot; a signal does.
  if (!channels) await close(0);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`Configuration error: ${error.message}\n`);
  else if (error instanceof SeedError) process.stderr.write(`Seed data error:\n${error.message}\n`);
  else if (error instanceof LocaleError) process.stderr.write(`Locale error: ${error.message}\n`);
  else if (error instanceof TelegramChannelError) process.stderr.write(`Telegram error: ${error.message}\n`);
  else if (error instanceof WhatsAppChannelError) process.stderr.write(`${error.message}\n`);
  else process.stderr.write(`Could not start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
