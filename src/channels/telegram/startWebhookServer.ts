import type { RequestListener, ServerResponse } from 'node:http';
import { webhookCallback, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../../runtime/Logger.js';
import { errorFields } from './errorFields.js';
import { defaultWebhookLimits, listenWithLimits, readBody, refuse, type WebhookLimits, type WebhookServer } from '../shared/webhookHttp.js';

export { defaultWebhookLimits, type WebhookLimits, type WebhookServer };

export interface WebhookServerOptions {
  bot: Bot;
  /** The path of TELEGRAM_WEBHOOK_URL: the only one served. */
  path: string;
  secretToken: string;
  host: string;
  port: number;
  logger: Logger;
  limits?: Partial<WebhookLimits>;
}

const secretHeader = 'x-telegram-bot-api-secret-token';

/**
 * The webhook: a small HTTP server (a TLS proxy in front of it faces Telegram). A POST on the
 * webhook path with the secret token has its body read up to the size limit, then goes to grammY's
 * webhookCallback, which checks the token again in constant time, answers Telegram at once (200) and
 * lets the update run on in the background (the bot's own queue keeps each chat in order). No
 * secret: 401 before the body is read. Too big: 413 while it streams. Slow or idle clients are cut
 * off, and open connections are capped.
 */
export function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const limits = { ...defaultWebhookLimits, ...options.limits };
  const handle = webhookCallback(
    options.bot,
    (update: Update, header: string | undefined, res: ServerResponse) => ({
      update: Promise.resolve(update),
      header,
      end: () => res.end(),
      respond: (json: string) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(json),
      unauthorized: () => res.writeHead(401).end(),
    }),
    { secretToken: options.secretToken, onTimeout: 'return', timeoutMilliseconds: 0 },
  );
  const handler: RequestListener = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://webhook').pathname;
    if (req.method !== 'POST' || path !== options.path) return refuse(req, res, 404);
    const header = [req.headers[secretHeader]].flat()[0];
    if (header === undefined || header.length !== options.secretToken.length) return refuse(req, res, 401);
    if (Number(req.headers['content-length'] ?? 0) > limits.maxBodyBytes) return refuse(req, res, 413);
    readBody(req, limits.maxBodyBytes).then(
      (body) => {
        let update: Update;
        try {
          update = JSON.parse(body.toString('utf8')) as Update;
        } catch {
          return refuse(req, res, 400);
        }
        Promise.resolve(handle(update, header, res)).catch((error: unknown) => {
          options.logger.warn(errorFields(error), 'a webhook request could not be handled');
          if (!res.headersSent) res.writeHead(400);
          res.end();
        });
      },
      (tooBig: unknown) => refuse(req, res, tooBig === 'too big' ? 413 : 400),
    );
  };
  return listenWithLimits(handler, options.host, options.port, limits);
}
