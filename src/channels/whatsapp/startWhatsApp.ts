import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import qrcode from 'qrcode-terminal';
import type { Config } from '../../config/Config.js';
import type { Translator } from '../../i18n/Translator.js';
import type { Logger } from '../../runtime/Logger.js';
import type { Outbox } from '../../runtime/Outbox.js';
import { checkChromium } from './checkChromium.js';
import type { WhatsAppClient } from './WhatsAppClient.js';
import type { TurnHandler } from '../../runtime/TurnHandler.js';
import { WhatsAppChannel } from './WhatsAppChannel.js';
import { WhatsAppConnection } from './WhatsAppConnection.js';

export interface WhatsAppDeps {
  engine: TurnHandler;
  translator: Translator;
  logger: Logger;
  /** Where quiz questions for a chat that did not just write are sent from: the channel registers here. */
  outbox?: Outbox;
  /** Where the QR code and the lines for the person running the bot go: the terminal. */
  terminal: (text: string) => void;
}

/** A running WhatsApp channel. */
export interface RunningWhatsApp {
  /** Stop reconnecting, finish replies in progress, close the browser. */
  stop(): Promise<void>;
}

/** Chromium runs as root in a container here: no sandbox, no GPU, and /tmp instead of a small /dev/shm. */
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];

/**
 * Start the WhatsApp channel: whatsapp-web.js drives WhatsApp Web in a headless Chromium. The
 * first time, a QR code in the terminal links the assistant's phone number; the session is kept
 * under DATA_DIR/whatsapp and reused at the next start. Resolves at once: connecting, and
 * reconnecting, go on in the background.
 */
export async function startWhatsApp(config: Config, deps: WhatsAppDeps): Promise<RunningWhatsApp> {
  checkChromium(config.CHROMIUM_PATH);
  // Loaded only when WhatsApp is on: it brings puppeteer, which the other channels do not need.
  const { default: wwebjs } = await import('whatsapp-web.js');
  const dataPath = resolve(config.DATA_DIR, 'whatsapp');
  const createClient = (): WhatsAppClient =>
    new wwebjs.Client({
      authStrategy: new wwebjs.LocalAuth({ dataPath }),
      puppeteer: { executablePath: config.CHROMIUM_PATH, headless: true, args: chromiumArgs },
      // No copy of WhatsApp Web's page is written outside the data folder.
      webVersionCache: { type: 'none' },
    });

  let connection: WhatsAppConnection | undefined;
  const channel = new WhatsAppChannel({
    engine: deps.engine,
    translator: deps.translator,
    logger: deps.logger,
    client: () => connection?.current,
  });
  deps.outbox?.register('whatsapp', (platformId, result) => channel.push(platformId, result));
  connection = new WhatsAppConnection({
    createClient,
    onMessage: (message) => channel.onMessage(message),
    showQr: (qr) => {
      qrcode.generate(qr, { small: true }, (code) => deps.terminal(code));
      deps.terminal("WhatsApp: on the assistant's phone, open WhatsApp > Settings > Linked devices > Link a device, and scan this code.");
    },
    notice: deps.terminal,
    // LocalAuth keeps the session in <dataPath>/session (no clientId).
    removeSession: () => rm(join(dataPath, 'session'), { recursive: true, force: true }),
    idle: (timeoutMs) => channel.idle(timeoutMs),
    logger: deps.logger,
  });
  connection.start();
  deps.logger.info({}, 'starting WhatsApp Web');
  return { stop: () => connection.stop() };
}
