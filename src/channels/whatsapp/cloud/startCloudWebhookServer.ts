import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestListener } from 'node:http';
import type { Logger } from '../../../runtime/Logger.js';
import { defaultWebhookLimits, listenWithLimits, readBody, refuse, type WebhookLimits, type WebhookServer } from '../../shared/webhookHttp.js';
import { CloudWebhook } from './cloudInbound.js';

export interface CloudWebhookOptions {
  /** WHATSAPP_WEBHOOK_PATH: the only path served. */
  path: string;
  host: string;
  port: number;
  /** WHATSAPP_APP_SECRET: every POST is signed with it. */
  appSecret: string;
  /** WHATSAPP_VERIFY_TOKEN: what Meta sends back when the webhook is set in its dashboard. */
  verifyToken: string;
  /** A checked webhook; called after the answer is sent. */
  receive: (webhook: CloudWebhook) => void;
  logger: Logger;
  limits?: Partial<WebhookLimits>;
}

const signaturePattern = /^sha256=([0-9a-f]{64})$/;
/** Meta's challenge is a number; an echo is only ever of a short, plain token. */
const challengePattern = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * The Cloud API webhook: a small HTTP server behind a TLS proxy. GET answers Meta's verification
 * (hub.mode "subscribe" and the verify token) with its challenge. POST is checked before anything
 * is parsed: the X-Hub-Signature-256 header must be the HMAC-SHA256 of the raw body under the app
 * secret, compared in constant time (no header or a wrong one: 401, and nothing is handled); a body
 * over the size limit is refused while it streams (413); a body that is not JSON (400) or not a
 * WhatsApp webhook (400) is refused. A good one is answered 200 at once and handled after, so Meta
 * never waits on a turn. The same time and connection limits as the Telegram webhook.
 */
export function startCloudWebhookServer(options: CloudWebhookOptions): Promise<WebhookServer> {
  const limits = { ...defaultWebhookLimits, ...options.limits };
  const verifyToken = Buffer.from(options.verifyToken);
  const handler: RequestListener = (req, res) => {
    const url = new URL(req.url ?? '/', 'http://webhook');
    if (url.pathname !== options.path) return refuse(req, res, 404);
    if (req.method === 'GET') {
      const token = Buffer.from(url.searchParams.get('hub.verify_token') ?? '');
      const challenge = url.searchParams.get('hub.challenge') ?? '';
      const ok = url.searchParams.get('hub.mode') === 'subscribe' && token.length === verifyToken.length && timingSafeEqual(token, verifyToken);
      if (!ok || !challengePattern.test(challenge)) return refuse(req, res, 403);
      options.logger.info({}, 'Meta verified the WhatsApp webhook');
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(challenge);
      return;
    }
    if (req.method !== 'POST') return refuse(req, res, 405);
    const signature = signaturePattern.exec([req.headers['x-hub-signature-256']].flat()[0] ?? '')?.[1];
    if (signature === undefined) return refuse(req, res, 401);
    if (Number(req.headers['content-length'] ?? 0) > limits.maxBodyBytes) return refuse(req, res, 413);
    readBody(req, limits.maxBodyBytes).then(
      (body) => {
        const expected = createHmac('sha256', options.appSecret).update(body).digest();
        if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
          options.logger.warn({}, 'a WhatsApp webhook request had a wrong signature; refused');
          return refuse(req, res, 401);
        }
        let json: unknown;
        try {
          json = JSON.parse(body.toString('utf8'));
        } catch {
          return refuse(req, res, 400);
        }
        const webhook = CloudWebhook.safeParse(json);
        if (!webhook.success) {
          options.logger.warn({ field: webhook.error.issues[0]?.path.join('.') }, 'a signed WhatsApp webhook was not in the expected form; refused');
          return refuse(req, res, 400);
        }
        res.writeHead(200).end();
        try {
          options.receive(webhook.data);
        } catch (error) {
          options.logger.error({ error: (error as Error).name }, 'a WhatsApp webhook could not be handled');
        }
      },
      (tooBig: unknown) => refuse(req, res, tooBig === 'too big' ? 413 : 400),
    );
  };
  return listenWithLimits(handler, options.host, options.port, limits);
}
