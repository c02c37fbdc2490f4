import { createServer, type Server } from 'node:http';
import { webhookCallback, type Bot } from 'grammy';
import type { Logger } from '../../runtime/Logger.js';
import { errorFields } from './errorFields.js';

export interface WebhookServerOptions {
  bot: Bot;
  /** The path of TELEGRAM_WEBHOOK_URL: the only one served. */
  path: string;
  secretToken: string;
  host: string;
  port: number;
  logger: Logger;
}

export interface WebhookServer {
  /** The port actually listened on (useful when 0 asked the system for a free one). */
  port: number;
  /** Stop accepting requests; resolves when the ones in progress have been answered. */
  close(): Promise<void>;
}

/** An update is a few kilobytes; anything far larger is not from Telegram. */
const maxBodyBytes = 1_000_000;

/**
 * The webhook: a small HTTP server (a TLS proxy in front of it faces Telegram) that hands each
 * POST on the webhook path to grammY's webhookCallback, which refuses a request without the secret
 * token (401). An update that takes long is answered after 9 seconds and finishes in the
 * background, so Telegram does not send it again.
 */
export function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const handle = webhookCallback(options.bot, 'http', {
    secretToken: options.secretToken,
    onTimeout: 'return',
    timeoutMilliseconds: 9_000,
  });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://webhook').pathname;
    if (req.method !== 'POST' || path !== options.path) return void res.writeHead(404).end();
    if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) return void res.writeHead(413).end();
    handle(req, res).catch((error: unknown) => {
      options.logger.warn(errorFields(error), 'a webhook request could not be handled');
      if (!res.headersSent) res.writeHead(400);
      res.end();
    });
  });
  server.requestTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({ port: typeof address === 'object' && address ? address.port : options.port, close: () => close(server) });
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
