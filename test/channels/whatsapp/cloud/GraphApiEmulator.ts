import { createHmac, randomBytes } from 'node:crypto';
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/* A small emulator of Meta's Graph API for the WhatsApp Cloud API channel's end-to-end tests. The
 * bot sends to it as it would to graph.facebook.com (WHATSAPP_GRAPH_API_ROOT), and it posts signed
 * webhooks to the bot as Meta does; tests play the users. Loopback only, a random port. Every
 * request is recorded, so tests can assert what the bot did, and what it never did (fetch media).
 * It refuses what Meta refuses and the channel could get wrong: a wrong token, long texts, too many
 * buttons or rows, titles too long or twice the same, read receipts for messages never received. */

type Json = Record<string, any>;

/** One message the bot sent: a POST /{version}/{phoneNumberId}/messages that is not a read receipt. */
export interface SentMessage {
  to: string;
  type: string;
  /** The parsed JSON body, as the bot sent it. */
  body: Record<string, unknown>;
  at: number;
  /** The wamid the emulator answered with (what a press or a status refers to). */
  id: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** HTTP status of the answer. */
  status: number;
}

export interface Failure {
  status: number;
  /** The Graph error code; by default 130429 for 429, 131000 for 5xx, 100 otherwise. */
  code?: number;
  message?: string;
  subcode?: number;
  /** Sent as a Retry-After header. */
  retryAfterSeconds?: number;
}

export interface Delivery {
  status: number;
  text: string;
}

export interface PostOptions {
  /** undefined: the right signature; null: no X-Hub-Signature-256 header; a string: that header. */
  signature?: string | null;
  contentType?: string;
  /**
   * For an object body: keep it UTF-8, as JSON.stringify gives it, instead of escaping it as Meta
   * does. It is still signed over the bytes sent; Meta's docs say Meta signs the escaped form, and
   * whatsapp-api-js checks that, so to play it pass signature: emulator.sign(escapeUnicode(raw)).
   */
  utf8?: boolean;
}

/** Graph errors as Meta words them (the message carries the code, "details" says more). */
const knownErrors: Record<number, [message: string, details: string]> = {
  2: ['(#2) Service temporarily unavailable', 'Service temporarily unavailable.'],
  100: ['(#100) Invalid parameter', 'Invalid parameter.'],
  130429: ['(#130429) Rate limit hit', 'Cloud API message throughput has been reached.'],
  131000: ['(#131000) Something went wrong', 'Message failed to send due to an unknown error.'],
  131009: ['(#131009) Parameter value is not valid', 'Parameter value is not valid.'],
  131056: [
    '(#131056) (Business Account, Consumer Account) pair rate limit hit',
    'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
  ],
};

const MAX_BODY = 1_000_000;

/** Every character outside ASCII as \uXXXX, lowercase hex, one per UTF-16 unit (so an emoji is two). */
export function escapeUnicode(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Meta's escaping of a webhook body: escapeUnicode, and "/" as "\/", as real webhook bodies come.
 * The result is ASCII and parses to the same value; a bot that re-serialises the JSON to check the
 * signature fails.
 */
export function metaEscape(json: string): string {
  return escapeUnicode(json).replaceAll('/', '\\/');
}

export class GraphApiEmulator {
  readonly sent: SentMessage[] = [];
  /** Ids of the messages the bot marked read. */
  readonly reads: string[] = [];
  readonly requests: RecordedRequest[] = [];
  /** Sends refused as Meta would refuse them, with the reason; tests assert none happened. */
  readonly rejected: { body: unknown; reason: string }[] = [];
  /** Where signed webhooks are posted (the bot's server); set by the test, loopback only. */
  webhookUrl: string | undefined;
  /** Told of every message sent as it is recorded (the bench times replies with it). */
  onSent: ((message: SentMessage) => void) | undefined;
  readonly token: string;
  readonly appSecret: string;
  readonly phoneNumberId: string;
  readonly displayPhoneNumber: string;
  readonly businessAccountId: string;
  /** Ids of the messages users sent, the only ones the bot may mark read. */
  private readonly received = new Set<string>();
  private readonly failures: Failure[] = [];
  private readonly agent = new Agent({ keepAlive: false });
  private nextId = 1;

  private constructor(
    private readonly server: Server,
    options: EmulatorOptions,
  ) {
    this.token = options.token;
    this.appSecret = options.appSecret;
    this.phoneNumberId = options.phoneNumberId;
    this.displayPhoneNumber = options.displayPhoneNumber ?? '254700000100';
    this.businessAccountId = options.businessAccountId ?? '102290129340398';
  }

  static async start(options: EmulatorOptions): Promise<GraphApiEmulator> {
    let emulator: GraphApiEmulator | undefined;
    const server = createServer((req, res) => void emulator?.serve(req, res));
    emulator = new GraphApiEmulator(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return emulator;
  }

  /** "http://127.0.0.1:PORT", what WHATSAPP_GRAPH_API_ROOT is set to. */
  get root(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.agent.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** The next `count` sends (not read receipts) get this error, then normal service resumes. */
  failNext(count: number, failure: Failure): void {
    for (let i = 0; i < count; i++) this.failures.push({ ...failure });
  }

  // What tests look at.

  messagesTo(waId: string): SentMessage[] {
    return this.sent.filter((m) => m.to === waId);
  }

  /** Requests that asked for media: any GET, or any path but /messages (a media id or a media URL). */
  mediaFetches(): number {
    return this.requests.filter((r) => r.method === 'GET' || !r.path.endsWith('/messages')).length;
  }

  /** Wait until `check` returns something, checking every 20 ms; fail with `what` after `timeoutMs`. */
  async waitFor<T>(check: () => T | false | undefined | null, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = check();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  // Webhooks, as Meta posts them.

  /** A new message id, shaped like Meta's: "wamid." and base64 (so it may hold "+", "/" and "="). */
  newMessageId(): string {
    const serial = Buffer.alloc(4);
    serial.writeUInt32BE(this.nextId++);
    return `wamid.HBgM${Buffer.concat([randomBytes(14), serial]).toString('base64')}`;
  }

  /** "sha256=" and the hex HMAC-SHA256 of these exact bytes under the app secret. */
  sign(raw: string | Buffer): string {
    return `sha256=${createHmac('sha256', this.appSecret).update(raw).digest('hex')}`;
  }

  /** The envelope Meta wraps one change in. */
  envelope(value: Json): Json {
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: this.businessAccountId,
          changes: [
            {
              value: { messaging_product: 'whatsapp', metadata: { display_phone_number: this.displayPhoneNumber, phone_number_id: this.phoneNumberId }, ...value },
              field: 'messages',
            },
          ],
        },
      ],
    };
  }

  /**
   * Post a body to the webhook. An object is serialised and escaped as Meta does (unless `utf8`);
   * a string goes as it is. The signature is over the exact bytes sent, unless told otherwise.
   */
  async post(body: string | object, options: PostOptions = {}): Promise<Delivery> {
    const url = this.loopback(this.webhookUrl);
    const raw = typeof body === 'string' ? body : options.utf8 ? JSON.stringify(body) : metaEscape(JSON.stringify(body));
    const bytes = Buffer.from(raw, 'utf8');
    for (const id of messageIdsIn(raw)) this.received.add(id);
    const headers: Record<string, string> = {
      'content-type': options.contentType ?? 'application/json',
      'content-length': String(bytes.length),
      'user-agent': 'facebookexternalua',
    };
    const signature = options.signature === undefined ? this.sign(bytes) : options.signature;
    if (signature !== null) headers['x-hub-signature-256'] = signature;
    return this.call(url, 'POST', headers, bytes);
  }

  /** One user message in a normal envelope, signed. Its id is then one the bot may mark read. */
  deliverMessage(message: Json, contact?: { waId: string; name: string }): Promise<Delivery> {
    const waId = contact?.waId ?? String(message.from);
    return this.post(this.envelope({ contacts: [{ profile: { name: contact?.name ?? 'WhatsApp user' }, wa_id: waId }], messages: [message] }));
  }

  /** A status of the bot's own message (by default its last one to `recipientId`), as Meta reports it. */
  deliverStatus(status: 'sent' | 'delivered' | 'read', recipientId: string, messageId?: string): Promise<Delivery> {
    const id = messageId ?? this.messagesTo(recipientId).at(-1)?.id;
    if (!id) throw new Error(`no message was sent to ${recipientId}, so none has a status`);
    const billing =
      status === 'read'
        ? {}
        : {
            conversation: { id: `conv${this.businessAccountId}${recipientId}`, origin: { type: 'service' } },
            pricing: { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' },
          };
    const entry = { id, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: recipientId, ...billing };
    return this.post(this.envelope({ statuses: [entry] }));
  }

  /** The subscription check Meta makes: GET webhookUrl?hub.mode=...&hub.verify_token=...&hub.challenge=... */
  verify(params: Record<string, string>): Promise<Delivery> {
    const url = this.loopback(this.webhookUrl);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return this.call(url, 'GET', { 'user-agent': 'facebookplatform/1.0 (+http://developers.facebook.com)' });
  }

  private loopback(address: string | undefined): URL {
    if (!address) throw new Error('set webhookUrl (the bot\'s webhook) before posting');
    const url = new URL(address);
    if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      throw new Error(`the emulator posts to loopback only, not ${url.host}`);
    }
    return url;
  }

  private call(url: URL, method: string, headers: Record<string, string>, body?: Buffer): Promise<Delivery> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      // Meta gives up on a slow webhook; so does the emulator, and no timer outlives the request.
      req.setTimeout(15_000, () => req.destroy(new Error(`the webhook did not answer ${method} ${url.pathname} within 15 s`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  // The Graph API.

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.root).pathname;
    const record: RecordedRequest = { method: req.method ?? 'GET', path, status: 200 };
    this.requests.push(record);
    const answer = (status: number, result: Json, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(result));
    };
    const body = await readBody(req);
    if (body === undefined) return answer(413, graphError(100, '(#100) Request body too large'));
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return answer(401, graphError(190, 'Invalid OAuth access token - Cannot parse access token'));
    }
    const match = /^\/(v\d+\.\d+)\/([^/]+)\/messages$/.exec(path);
    if (!match || match[2] !== this.phoneNumberId || record.method !== 'POST') {
      const object = match?.[2] ?? path.split('/').filter(Boolean).at(-1) ?? '';
      return answer(404, graphError(100, `Unsupported ${record.method.toLowerCase()} request. Object with ID '${object}' does not exist`, 33));
    }
    let payload: Json;
    try {
      payload = JSON.parse(body) as Json;
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new Error('not an object');
    } catch {
      this.rejected.push({ body, reason: 'the body is not a JSON object' });
      return answer(400, graphError(100, '(#100) Invalid parameter: the body is not a JSON object'));
    }
    if (payload.status === 'read') return this.markRead(payload, answer);
    const failure = this.failures.shift();
    if (failure) {
      const code = failure.code ?? (failure.status === 429 ? 130429 : failure.status >= 500 ? 131000 : 100);
      const headers: Record<string, string> = failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) };
      return answer(failure.status, graphError(code, failure.message, failure.subcode), headers);
    }
    const reason = problemWith(payload);
    if (reason) {
      this.rejected.push({ body: payload, reason });
      return answer(400, graphError(100, `(#100) Invalid parameter: ${reason}`, undefined, reason));
    }
    const to = String(payload.to ?? payload.recipient);
    const id = this.newMessageId();
    const sent = { to, type: String(payload.type), body: payload, at: Date.now(), id };
    this.sent.push(sent);
    this.onSent?.(sent);
    answer(200, { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }], messages: [{ id }] });
  }

  private markRead(payload: Json, answer: (status: number, result: Json) => void): void {
    const reason =
      payload.messaging_product !== 'whatsapp'
        ? 'messaging_product must be "whatsapp"'
        : typeof payload.message_id !== 'string' || !this.received.has(payload.message_id)
          ? `message_id ${JSON.stringify(payload.message_id)} is not a message this number received`
          : undefined;
    if (reason) {
      this.rejected.push({ body: payload, reason });
      return answer(400, graphError(131009, undefined, undefined, reason));
    }
    this.reads.push(payload.message_id);
    answer(200, { success: true });
  }
}

export interface EmulatorOptions {
  token: string;
  appSecret: string;
  phoneNumberId: string;
  /** The business number users write to, in metadata and in the context of a press. */
  displayPhoneNumber?: string;
  /** The WhatsApp Business Account id, entry[].id. */
  businessAccountId?: string;
}

function graphError(code: number, message?: string, subcode?: number, details?: string): Json {
  const [known, knownDetails] = knownErrors[code] ?? [`(#${code}) Request failed`, 'Request failed.'];
  return {
    error: {
      message: message ?? known,
      type: 'OAuthException',
      code,
      ...(subcode === undefined ? {} : { error_subcode: subcode }),
      error_data: { messaging_product: 'whatsapp', details: details ?? knownDetails },
      fbtrace_id: randomBytes(12).toString('base64url'),
    },
  };
}

/** The ids of the user messages in a webhook body, if it parses. */
function messageIdsIn(raw: string): string[] {
  try {
    const body = JSON.parse(raw) as Json;
    return (body.entry ?? []).flatMap((e: Json) => (e.changes ?? []).flatMap((c: Json) => (c.value?.messages ?? []).map((m: Json) => m?.id))).filter((id: unknown): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}

/** The whole body as text, or undefined past 1 MB (read to the end, so the answer still arrives). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(undefined));
  });
}

const isText = (value: unknown, min: number, max: number): value is string => typeof value === 'string' && value.length >= min && value.length <= max;

/** What Meta would refuse in a message, in words; undefined if it would send it. Lengths count UTF-16 units. */
export function problemWith(p: Json): string | undefined {
  if (p.messaging_product !== 'whatsapp') return 'messaging_product must be "whatsapp"';
  if (p.recipient_type !== undefined && p.recipient_type !== 'individual') return 'recipient_type must be "individual"';
  // A person is addressed by phone number (to) or, where WhatsApp hides it behind a username, by business-scoped user id (recipient).
  const byNumber = typeof p.to === 'string' && /^\+?\d{6,15}$/.test(p.to);
  const byUserId = p.to === undefined && typeof p.recipient === 'string' && /^[A-Z]{2}\.[A-Za-z0-9.]{1,140}$/.test(p.recipient);
  if (!byNumber && !byUserId) return `to ${JSON.stringify(p.to)} is not a phone number, and recipient ${JSON.stringify(p.recipient)} is not a business-scoped user id`;
  if (typeof p.type !== 'string' || typeof p[p.type] !== 'object' || p[p.type] === null) return 'type must name an object in the message';
  if (p.context !== undefined && typeof p.context?.message_id !== 'string') return 'context.message_id must be a string';
  if (p.type === 'text') return isText(p.text.body, 1, 4096) ? undefined : 'text.body must be 1 to 4096 characters';
  if (p.type === 'interactive') return problemWithInteractive(p.interactive);
  return undefined;
}

function problemWithInteractive(i: Json): string | undefined {
  if (!['button', 'list', 'location_request_message'].includes(i.type)) return `interactive.type ${JSON.stringify(i.type)} is not button, list or location_request_message`;
  if (!isText(i.body?.text, 1, 1024)) return 'interactive.body.text must be 1 to 1024 characters';
  if (i.footer !== undefined && !isText(i.footer?.text, 1, 60)) return 'interactive.footer.text must be 1 to 60 characters';
  if (i.header !== undefined && i.header?.type === 'text' && !isText(i.header.text, 1, 60)) return 'interactive.header.text must be 1 to 60 characters';
  const action = (i.action ?? {}) as Json;
  if (i.type === 'location_request_message') return action.name === 'send_location' ? undefined : 'action.name must be "send_location"';
  if (i.type === 'button') {
    const buttons = action.buttons as Json[] | undefined;
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return 'action.buttons must hold 1 to 3 buttons';
    for (const b of buttons) {
      if (b?.type !== 'reply') return 'every button must be of type "reply"';
      if (!isText(b.reply?.title, 1, 20)) return `button title ${JSON.stringify(b.reply?.title)} must be 1 to 20 characters`;
      if (!isText(b.reply?.id, 1, 256)) return `button id ${JSON.stringify(b.reply?.id)} must be 1 to 256 characters`;
    }
    if (new Set(buttons.map((b) => b.reply.title)).size < buttons.length) return 'button titles must be unique';
    if (new Set(buttons.map((b) => b.reply.id)).size < buttons.length) return 'button ids must be unique';
    return undefined;
  }
  if (!isText(action.button, 1, 20)) return 'action.button (the list\'s button) must be 1 to 20 characters';
  const sections = action.sections as Json[] | undefined;
  if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) return 'action.sections must hold 1 to 10 sections';
  const rows: Json[] = [];
  for (const s of sections) {
    if (!Array.isArray(s?.rows) || s.rows.length < 1) return 'every section must hold at least one row';
    if (s.title !== undefined && !isText(s.title, 1, 24)) return `section title ${JSON.stringify(s.title)} must be 1 to 24 characters`;
    if (sections.length > 1 && s.title === undefined) return 'sections must have titles when there are more than one';
    rows.push(...(s.rows as Json[]));
  }
  if (rows.length > 10) return `a list holds at most 10 rows in all, not ${rows.length}`;
  for (const r of rows) {
    if (!isText(r?.id, 1, 200)) return `row id ${JSON.stringify(r?.id)} must be 1 to 200 characters`;
    if (!isText(r.title, 1, 24)) return `row title ${JSON.stringify(r.title)} must be 1 to 24 characters`;
    if (r.description !== undefined && !isText(r.description, 0, 72)) return `row description ${JSON.stringify(r.description)} must be at most 72 characters`;
  }
  if (new Set(rows.map((r) => r.id)).size < rows.length) return 'row ids must be unique';
  return undefined;
}
