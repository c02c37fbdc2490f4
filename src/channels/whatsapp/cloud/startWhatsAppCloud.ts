import type { Config } from '../../../config/Config.js';
import type { Translator } from '../../../i18n/Translator.js';
import type { Logger } from '../../../runtime/Logger.js';
import type { Outbox } from '../../../runtime/Outbox.js';
import type { TurnHandler } from '../../../runtime/TurnHandler.js';
import { CloudSender, type PairPace, type RetryPolicy } from './CloudSender.js';
import { startCloudWebhookServer } from './startCloudWebhookServer.js';
import { WhatsAppCloudChannel } from './WhatsAppCloudChannel.js';
import type { WebhookLimits } from '../../shared/webhookHttp.js';
import type { SessionStore } from '../../../storage/SessionStore.js';

export interface WhatsAppCloudDeps {
  engine: TurnHandler;
  translator: Translator;
  logger: Logger;
  /** Where quiz questions for a person who did not just write leave from: the channel registers here. */
  outbox?: Outbox;
  /** Tests: faster pacing and retries, tighter limits. */
  pace?: PairPace;
  retry?: RetryPolicy;
  limits?: Partial<WebhookLimits>;
  /** The bench: the number's messages a second, instead of WHATSAPP_MESSAGES_PER_SECOND. */
  throughput?: number;
  /** The session store: a shared one (Redis) also takes each webhook message once across instances. */
  store?: Pick<SessionStore, 'claim'>;
  /** The time, for the 24-hour rule: the app's clock. */
  clock?: () => number;
}

/** A running Cloud API channel. */
export interface RunningWhatsAppCloud {
  /** The port the webhook listens on. */
  port: number;
  channel: WhatsAppCloudChannel;
  /** Stop taking webhooks, then finish the replies in progress (up to 10 seconds). */
  stop(): Promise<void>;
}

/**
 * Start the WhatsApp Cloud API channel: the webhook server Meta posts to, and the sender that
 * answers through the Graph API. Nothing is asked of Meta at start: the webhook address and its
 * verify token are set in Meta's app dashboard, which checks them against this server.
 */
export async function startWhatsAppCloud(config: Config, deps: WhatsAppCloudDeps): Promise<RunningWhatsAppCloud> {
  const token = config.WHATSAPP_CLOUD_TOKEN;
  const phoneNumberId = config.WHATSAPP_PHONE_NUMBER_ID;
  const appSecret = config.WHATSAPP_APP_SECRET;
  const verifyToken = config.WHATSAPP_VERIFY_TOKEN;
  // The configuration has checked these are set together; this only tells TypeScript.
  if (!token || !phoneNumberId || !appSecret || !verifyToken) throw new Error('the WhatsApp Cloud API settings are incomplete');
  const sender = new CloudSender({
    token,
    phoneNumberId,
    logger: deps.logger,
    throughput: deps.throughput ?? config.WHATSAPP_MESSAGES_PER_SECOND,
    ...(config.WHATSAPP_GRAPH_API_ROOT ? { apiRoot: config.WHATSAPP_GRAPH_API_ROOT } : {}),
    ...(deps.pace ? { pace: deps.pace } : {}),
    ...(deps.retry ? { retry: deps.retry } : {}),
  });
  const channel = new WhatsAppCloudChannel({
    engine: deps.engine,
    translator: deps.translator,
    logger: deps.logger,
    sender,
    phoneNumberId,
    ...(deps.store?.claim ? { claim: deps.store.claim.bind(deps.store) } : {}),
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
  deps.outbox?.register('whatsapp', (platformId, result) => channel.push(platformId, result));
  const server = await startCloudWebhookServer({
    path: config.WHATSAPP_WEBHOOK_PATH,
    host: config.WHATSAPP_WEBHOOK_HOST,
    port: config.WHATSAPP_WEBHOOK_PORT,
    appSecret,
    verifyToken,
    receive: (webhook) => channel.receive(webhook),
    logger: deps.logger,
    ...(deps.limits ? { limits: deps.limits } : {}),
  });
  deps.logger.info({ port: server.port, path: config.WHATSAPP_WEBHOOK_PATH }, 'WhatsApp Cloud API webhook listening');
  return {
    port: server.port,
    channel,
    stop: async () => {
      await server.close();
      await channel.idle(10_000);
    },
  };
}
