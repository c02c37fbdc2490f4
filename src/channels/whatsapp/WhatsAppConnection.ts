import type { Logger } from '../../runtime/Logger.js';
import { errorFields } from '../../runtime/errorFields.js';
import type { WhatsAppClient, WhatsAppMessage } from './WhatsAppClient.js';

/** Timers, injectable so the tests do not wait for real back-off delays. */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface WhatsAppConnectionDeps {
  /** A new, not yet initialised client; one per connection attempt, so nothing of a broken one is reused. */
  createClient: () => WhatsAppClient;
  onMessage: (message: WhatsAppMessage) => Promise<void>;
  /** Show a QR code to scan, with a line saying what to do with it. */
  showQr: (qr: string) => void;
  /** A plain line for the person running the bot (never data about users). */
  notice: (line: string) => void;
  /** Delete the saved WhatsApp Web session, after a logout, so the next start shows a new QR code. */
  removeSession: () => Promise<void>;
  /** Wait for replies in progress before the browser closes. */
  idle: (timeoutMs: number) => Promise<boolean>;
  logger: Logger;
  timers?: Timers;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

const realTimers: Timers = { set: (callback, ms) => setTimeout(callback, ms), clear: (handle) => clearTimeout(handle as NodeJS.Timeout) };
const graceMs = 15_000;

/**
 * Keeps the assistant's number connected. Each attempt uses a fresh client; when one disconnects
 * or fails to start, it is destroyed and the next attempt waits longer (1 s, 2 s, 4 s ... at most
 * 60 s), so a WhatsApp outage never becomes a tight crash loop. A logout (the number unlinked on
 * the phone) or a refused session deletes the saved session and starts again, so a new QR code
 * appears. Events from a client that was replaced are ignored.
 */
export class WhatsAppConnection {
  private client: WhatsAppClient | undefined;
  private generation = 0;
  private attempt = 0;
  private stopping = false;
  private pending: { handle: unknown; wake: () => void } | undefined;
  private readonly timers: Timers;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly deps: WhatsAppConnectionDeps) {
    this.timers = deps.timers ?? realTimers;
    this.firstDelayMs = deps.firstDelayMs ?? 1_000;
    this.maxDelayMs = deps.maxDelayMs ?? 60_000;
  }

  /** The client connected now, if any: the channel sends through it. */
  get current(): WhatsAppClient | undefined {
    return this.client;
  }

  start(): void {
    this.connect();
  }

  /** Stop reconnecting, let replies in progress finish (at most 15 s), then close the browser. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.pending) {
      this.timers.clear(this.pending.handle);
      this.pending.wake();
    }
    if (!(await this.deps.idle(graceMs))) this.deps.logger.warn({}, 'stopped WhatsApp with replies still in progress');
    const client = this.client;
    this.client = undefined;
    this.generation++;
    await client?.destroy().catch((error: unknown) => this.deps.logger.warn(errorFields(error), 'could not close WhatsApp Web cleanly'));
  }

  private connect(): void {
    const generation = ++this.generation;
    const client = this.deps.createClient();
    this.client = client;
    const live = () => generation === this.generation && !this.stopping;
    client.on('qr', (qr) => {
      if (live()) this.deps.showQr(qr);
    });
    client.on('authenticated', () => {
      if (live()) this.deps.logger.info({}, 'WhatsApp session authenticated');
    });
    client.on('ready', () => {
      if (!live()) return;
      this.attempt = 0;
      this.deps.logger.info({}, 'the WhatsApp channel is running');
      this.deps.notice('WhatsApp: connected. The assistant now answers private chats on this number.');
    });
    client.on('auth_failure', () => {
      if (!live()) return;
      this.deps.notice('WhatsApp: the saved session was refused. It is deleted; scan the new QR code to link the number again.');
      void this.reconnect(generation, true);
    });
    client.on('disconnected', (reason) => {
      if (!live()) return;
      this.deps.logger.warn({ reason: String(reason) }, 'WhatsApp disconnected');
      if (reason === 'LOGOUT') {
        this.deps.notice('WhatsApp: this number was logged out (unlinked on the phone). The old session is deleted; scan the new QR code to link it again.');
      }
      void this.reconnect(generation, reason === 'LOGOUT');
    });
    client.on('message', (message) => {
      if (live()) void this.deps.onMessage(message);
    });
    client.initialize().catch((error: unknown) => {
      if (!live()) return;
      this.deps.logger.warn(errorFields(error), 'WhatsApp Web did not start; trying again');
      if (this.attempt === 0) this.deps.notice('WhatsApp: could not open WhatsApp Web (is there an internet connection? does Chromium start?). Trying again, less and less often.');
      void this.reconnect(generation, false);
    });
  }

  /** Replace a broken client: destroy it, delete the session after a logout, wait, try again. */
  private async reconnect(generation: number, loggedOut: boolean): Promise<void> {
    if (generation !== this.generation || this.stopping) return;
    this.generation++;
    const old = this.client;
    this.client = undefined;
    await old?.destroy().catch((error: unknown) => this.deps.logger.warn(errorFields(error), 'could not close the old WhatsApp Web'));
    if (loggedOut) {
      await this.deps.removeSession().catch((error: unknown) => this.deps.logger.error(errorFields(error), 'could not delete the old WhatsApp session'));
      this.attempt = 0;
    }
    const delay = Math.min(this.firstDelayMs * 2 ** this.attempt, this.maxDelayMs);
    this.attempt = Math.min(this.attempt + 1, 30);
    this.deps.logger.info({ delayMs: delay }, 'reconnecting to WhatsApp');
    await this.wait(delay);
    if (!this.stopping) this.connect();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.pending = undefined;
        resolve();
      };
      this.pending = { handle: this.timers.set(wake, ms), wake };
    });
  }
}
