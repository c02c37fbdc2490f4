import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { webhookCallback, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../../runtime/Logger.js';
import { errorFields } from './errorFields.js';

/** What a webhook server lets a client do: how big, how slow, how many at once. */
export interface WebhookLimits {
  /** An update is a few kilobytes; a body beyond this is refused while it streams in, chunked or not. */
  maxBodyBytes: number;
  /** A client that has not sent its headers by then is cut off. */
  headersTimeoutMs: number;
  /** A request not wholly received by then is cut off. */
  requestTimeoutMs: number;
  /** A connection kept open between requests is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic at all is closed after this. */
  idleTimeoutMs: number;
  /** Connections open at once; more are refused, so idle sockets cannot use up the process's files. */
  maxConnections: number;
}

export const defaultWebhookLimits: WebhookLimits = {
  maxBodyBytes: 1_000_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 30_000,
  maxConnections: 256,
};

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

export interface WebhookServer {
  /** The port actually listened on (useful when 0 asked the system for a free one). */
  port: number;
  /** Stop accepting requests; resolves when the ones in progress have been answered. */
  close(): Promise<void>;
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
  // Node checks the header and request timeouts on this interval: often enough for the limits to hold.
  const connectionsCheckingInterval = Math.max(50, Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4);
  const server = createServer({ connectionsCheckingInterval }, (req, res) => {
    const path = new URL(req.url ?? '/', 'http://webhook').pathname;
    if (req.method !== 'POST' || path !== options.path) return refuse(req, res, 404);
    const header = [req.headers[secretHeader]].flat()[0];
    if (header === undefined || header.length !== options.secretToken.length) return refuse(req, res, 401);
    if (Number(req.headers['content-length'] ?? 0) > limits.maxBodyBytes) return refuse(req, res, 413);
    readBody(req, limits.maxBodyBytes).then(
      (body) => {
        let update: Update;
        try {
          update = JSON.parse(body) as Update;
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
  });
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.timeout = limits.idleTimeoutMs;
  server.maxConnections = limits.maxConnections;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({ port: typeof address === 'object' && address ? address.port : options.port, close: () => close(server) });
    });
  });
}

/** The body as text, or a rejection ("too big") as soon as it passes `max` bytes. */
function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.pause();
        reject('too big');
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

/** Answer with a status and close the connection, reading nothing more. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number): void {
  if (!res.headersSent) res.writeHead(status, { Connection: 'close' });
  res.end(() => req.destroy());
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
