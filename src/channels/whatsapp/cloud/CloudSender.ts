import { WhatsAppAPI } from 'whatsapp-api-js';
import { ActionButtons, ActionList, ActionLocation, Body, Button, Interactive, ListSection, Row, Text } from 'whatsapp-api-js/messages';
import type { Logger } from '../../../runtime/Logger.js';
import { ExpiringMap } from '../../shared/ExpiringMap.js';
import type { CloudOutgoing } from './renderForCloud.js';

/** Meta's own Graph API host, which the client library calls; tests point the requests elsewhere. */
const graphHost = 'https://graph.facebook.com';
/** The Graph API version every request names: pinned, as Meta asks, so a new default cannot change what is sent. */
export const graphApiVersion = 'v24.0';

/** How hard to try a send that Meta refuses for now. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The first wait; it doubles each time, with jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** How often one person may be sent a message: a burst, then one every `everyMs`. */
export interface PairPace {
  burst: number;
  everyMs: number;
}

export const defaultRetry: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8_000 };
/**
 * Meta allows about one message every 6 seconds to one person, with short bursts (facts.md); a
 * turn's few messages go at once, a long exchange slows to that pace instead of being refused.
 */
export const defaultPairPace: PairPace = { burst: 6, everyMs: 6_000 };

/**
 * Take a token from a bucket of `burst` that gains one every `everyMs`; it may go below zero, which
 * is how long the taker must wait, in tokens.
 */
function take(bucket: { tokens: number; at: number }, now: number, burst: number, everyMs: number): { tokens: number; at: number } {
  bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) / everyMs) - 1;
  bucket.at = now;
  return bucket;
}

/** The Graph API's codes for "too many for now": the number's throughput, and the pace to one person. */
const throttled = new Set([130429, 131056, 4, 80007]);

export interface CloudSenderOptions {
  token: string;
  phoneNumberId: string;
  /** Another Graph API server (WHATSAPP_GRAPH_API_ROOT), or Meta's. */
  apiRoot?: string;
  logger: Logger;
  retry?: RetryPolicy;
  pace?: PairPace;
  /** Messages a second for the whole number (WHATSAPP_MESSAGES_PER_SECOND): 80 by default, as Meta starts a number. */
  throughput?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Monotonic milliseconds, for pacing. */
  now?: () => number;
  fetch?: typeof fetch;
}

/** A send that failed for good; it names what failed, never what was said or to whom. */
export class CloudSendError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

/**
 * Sends messages through the Cloud API with the whatsapp-api-js client: builds each message with
 * its classes (which check the platform's limits again), paces messages to one person and the
 * whole number's messages to its throughput (Meta starts a number at 80 a second), and retries
 * what Meta refuses for now (HTTP 429 and 5xx, the throughput and pair-rate errors) with growing
 * waits. The fetch under the client is ours: it sends to `apiRoot` and does the retrying, so every
 * call the client makes gets both.
 */
export class CloudSender {
  private readonly api: WhatsAppAPI;
  private readonly retry: RetryPolicy;
  private readonly pace: PairPace;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  /** Per person: tokens left and when they were counted. Bounded; a forgotten one starts with a full burst. */
  private readonly buckets: ExpiringMap<string, { tokens: number; at: number }>;
  private readonly baseFetch: typeof fetch;
  private readonly throughput: number;
  /** The whole number's bucket, a second's worth of messages. */
  private readonly number: { tokens: number; at: number };

  constructor(private readonly options: CloudSenderOptions) {
    this.retry = options.retry ?? defaultRetry;
    this.pace = options.pace ?? defaultPairPace;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? (() => performance.now());
    this.baseFetch = options.fetch ?? fetch;
    this.throughput = options.throughput ?? 80;
    this.number = { tokens: this.throughput, at: this.now() };
    this.buckets = new ExpiringMap({ maxEntries: 100_000, ttlMs: this.pace.burst * this.pace.everyMs, clock: this.now });
    this.api = new WhatsAppAPI({
      token: options.token,
      v: graphApiVersion,
      // Webhooks are checked by our own server, on the raw bytes, before anything is parsed.
      secure: false,
      ponyfill: { fetch: (url, init) => this.fetchWithRetry(String(url), init) },
    });
  }

  /** Send one message to a person (their number, or their business-scoped id); returns Meta's message id. */
  async send(to: string, message: CloudOutgoing): Promise<string> {
    await this.waitTurn(to);
    const response = await this.api.sendMessage(this.options.phoneNumberId, to, toClientMessage(message));
    // Only the code: Meta's words may name the recipient, and nothing here may reach a log that does.
    if ('error' in response && response.error) throw new CloudSendError(`the Cloud API refused a ${message.kind} message (code ${response.error.code})`, response.error.code);
    if (!('messages' in response)) throw new CloudSendError('the Cloud API answered a send without a message id');
    return response.messages[0].id;
  }

  /** Mark a message read (blue ticks), so the person sees it arrived; a failure only costs the ticks. */
  async markRead(messageId: string): Promise<void> {
    const response = await this.api.markAsRead(this.options.phoneNumberId, messageId);
    if ('error' in response && response.error) throw new CloudSendError(`the Cloud API did not mark a message read (code ${response.error.code})`, response.error.code);
  }

  /** Take a token from the person's bucket, waiting for one when the burst is spent. */
  private async waitTurn(to: string): Promise<void> {
    const now = this.now();
    const pair = take(this.buckets.get(to) ?? { tokens: this.pace.burst, at: now }, now, this.pace.burst, this.pace.everyMs);
    this.buckets.set(to, pair);
    const all = take(this.number, now, this.throughput, 1000 / this.throughput);
    // Below zero: this message waits until its token has come back (a later one waits longer).
    const wait = Math.max(-pair.tokens * this.pace.everyMs, (-all.tokens * 1000) / this.throughput);
    if (wait > 0) await this.sleep(wait);
  }

  private async fetchWithRetry(url: string, init?: RequestInit): Promise<Response> {
    const target = this.options.apiRoot && url.startsWith(graphHost) ? this.options.apiRoot + url.slice(graphHost.length) : url;
    for (let attempt = 1; ; attempt++) {
      let response: Response | undefined;
      let failure: string;
      try {
        response = await this.baseFetch(target, { ...init, signal: AbortSignal.timeout(20_000) });
        const code = response.ok ? undefined : await errorCode(response);
        if (response.ok || !(response.status === 429 || response.status >= 500 || (code !== undefined && throttled.has(code)))) return response;
        failure = `HTTP ${response.status}${code === undefined ? '' : `, code ${code}`}`;
      } catch (error) {
        failure = (error as Error).name === 'TimeoutError' ? 'timed out' : 'network error';
      }
      if (attempt >= this.retry.attempts) {
        this.options.logger.warn({ attempts: attempt, failure }, 'a Cloud API request failed; giving up');
        if (response) return response;
        throw new CloudSendError(`the Cloud API could not be reached (${failure})`);
      }
      const retryAfter = Number(response?.headers.get('retry-after'));
      const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
      const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(this.retry.maxDelayMs, retryAfter * 1000) : backoff * (0.5 + Math.random() / 2);
      this.options.logger.info({ attempt, failure, waitMs: Math.round(wait) }, 'the Cloud API asked to wait; trying again');
      await this.sleep(wait);
    }
  }
}

/** The Graph API error code in a refused response, read from a copy so the client still gets the body. */
async function errorCode(response: Response): Promise<number | undefined> {
  try {
    const body = (await response.clone().json()) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'number' ? body.error.code : undefined;
  } catch {
    return undefined;
  }
}

/** The client library's message for one of ours; its classes throw on anything past the platform's limits. */
export function toClientMessage(message: CloudOutgoing) {
  switch (message.kind) {
    case 'text':
      return new Text(message.body);
    case 'buttons':
      return new Interactive(new ActionButtons(...(message.buttons.map((b) => new Button(b.id, b.title)) as [Button, ...Button[]])), new Body(message.body));
    case 'list':
      return new Interactive(
        new ActionList(message.button, new ListSection(undefined, ...(message.rows.map((r) => new Row(r.id, r.title, r.description)) as [Row, ...Row[]]))),
        new Body(message.body),
      );
    case 'location':
      return new Interactive(new ActionLocation(), new Body(message.body));
  }
}
