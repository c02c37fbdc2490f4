import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeCloudUser } from './FakeCloudUser.js';
import { escapeUnicode, GraphApiEmulator, metaEscape } from './GraphApiEmulator.js';

/* The emulator on its own, no bot: the bot's side is played with fetch, and a tiny loopback server
 * stands in for the bot's webhook, keeping every body it gets byte for byte. */

const options = { token: 'EAAG-test-token', appSecret: 'app-secret-0123', phoneNumberId: '106540352242922' };
const child = '254712345678';

const emulators: GraphApiEmulator[] = [];
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function emulator(): Promise<GraphApiEmulator> {
  const started = await GraphApiEmulator.start(options);
  emulators.push(started);
  return started;
}

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

/** A webhook receiver on loopback: keeps what it gets, answers 200 (the challenge, to a good GET). */
async function receiver(): Promise<{ url: string; got: Received[] }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      got.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks) });
      const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
      if (req.method === 'GET') {
        const ok = query.get('hub.mode') === 'subscribe' && query.get('hub.verify_token') === 'verify-me';
        return void res.writeHead(ok ? 200 : 403).end(ok ? (query.get('hub.challenge') ?? '') : 'no');
      }
      res.writeHead(200).end('EVENT_RECEIVED');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/whatsapp`, got };
}

/** What the bot does: a POST to the Graph API. */
async function graph(e: GraphApiEmulator, body: unknown, token = options.token, path = `/v23.0/${options.phoneNumberId}/messages`) {
  const response = await fetch(`${e.root}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as any };
}

const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: child };
const text = (body: string) => ({ ...base, type: 'text', text: { body } });
const buttons = (...titles: string[]) => ({
  ...base,
  type: 'interactive',
  interactive: { type: 'button', body: { text: 'Pick one' }, action: { buttons: titles.map((title, i) => ({ type: 'reply', reply: { id: `b${i}`, title } })) } },
});
const list = (rows: number, bodyText = 'Pick a place') => ({
  ...base,
  type: 'interactive',
  interactive: {
    type: 'list',
    body: { text: bodyText },
    action: { button: 'Places', sections: [{ title: 'Near you', rows: Array.from({ length: rows }, (_, i) => ({ id: `r${i}`, title: `Place ${i}`, description: 'Open today' })) }] },
  },
});

describe('the Graph API emulator', () => {
  it('records a send with the right token and answers with a wamid', async () => {
    const e = await emulator();
    const { status, json } = await graph(e, { ...text('Habari! 👋'), recipient: undefined, biz_opaque_callback_data: 'turn-1' });
    expect(status).toBe(200);
    expect(json.messaging_product).toBe('whatsapp');
    expect(json.contacts).toEqual([{ input: child, wa_id: child }]);
    expect(json.messages[0].id).toMatch(/^wamid\./);
    expect(e.sent).toHaveLength(1);
    expect(e.sent[0]).toMatchObject({ to: child, type: 'text', id: json.messages[0].id });
    expect(e.messagesTo(child)[0]?.body).toMatchObject({ text: { body: 'Habari! 👋' } });
    expect(e.requests).toEqual([{ method: 'POST', path: `/v23.0/${options.phoneNumberId}/messages`, status: 200 }]);
    expect(e.rejected).toEqual([]);
  });

  it('answers a wrong token with 401 and an unknown path with 404, and counts media requests', async () => {
    const e = await emulator();
    const wrong = await graph(e, text('hi'), 'not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toMatchObject({ type: 'OAuthException', code: 190 });
    expect((await graph(e, text('hi'), options.token, `/23.0/${options.phoneNumberId}/messages`)).status).toBe(404);
    expect((await graph(e, text('hi'), options.token, `/v23.0/999/messages`)).status).toBe(404);
    expect(e.sent).toEqual([]);
    expect(e.mediaFetches()).toBe(0);
    const lookup = await fetch(`${e.root}/v23.0/27251809591111687`, { headers: { authorization: `Bearer ${options.token}` } });
    expect(lookup.status).toBe(404);
    await fetch(`${e.root}/media/27251809591111687`, { headers: { authorization: `Bearer ${options.token}` } });
    expect(e.mediaFetches()).toBe(2);
    expect(e.requests.map((r) => r.status)).toEqual([401, 404, 404, 404, 404]);
  });

  it('fails the next sends as told, then serves again', async () => {
    const e = await emulator();
    e.failNext(2, { status: 429, code: 130429, retryAfterSeconds: 2 });
    e.failNext(1, { status: 500, code: 131000 });
    const first = await graph(e, text('one'));
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.json.error).toMatchObject({ code: 130429, type: 'OAuthException', message: '(#130429) Rate limit hit' });
    expect(first.json.error.fbtrace_id).toEqual(expect.any(String));
    expect((await graph(e, text('one'))).status).toBe(429);
    const third = await graph(e, text('one'));
    expect(third.status).toBe(500);
    expect(third.json.error.code).toBe(131000);
    expect((await graph(e, text('one'))).status).toBe(200);
    expect(e.sent.map((m) => m.body.text)).toEqual([{ body: 'one' }]);
    expect(e.rejected).toEqual([]);
  });

  it('refuses what Meta refuses, naming the problem', async () => {
    const e = await emulator();
    const refusals = [buttons('Yes', 'x'.repeat(21)), list(11), list(3, 'y'.repeat(1025)), buttons('Same', 'Same'), text('z'.repeat(4097))];
    for (const body of refusals) {
      const { status, json } = await graph(e, body);
      expect(status).toBe(400);
      expect(json.error.code).toBe(100);
    }
    expect(e.rejected.map((r) => r.reason)).toEqual([
      `button title "${'x'.repeat(21)}" must be 1 to 20 characters`,
      'a list holds at most 10 rows in all, not 11',
      'interactive.body.text must be 1 to 1024 characters',
      'button titles must be unique',
      'text.body must be 1 to 4096 characters',
    ]);
    const goodOnes = [
      buttons('Yes', 'x'.repeat(20), 'No'),
      list(10, 'y'.repeat(1024)),
      { ...base, type: 'interactive', interactive: { type: 'location_request_message', body: { text: 'Where are you?' }, action: { name: 'send_location' } } },
    ];
    for (const body of goodOnes) expect((await graph(e, body)).status).toBe(200);
    expect(e.sent).toHaveLength(3);
  });

  it('takes read receipts of messages users sent, apart from sends', async () => {
    const e = await emulator();
    const hook = await receiver();
    e.webhookUrl = hook.url;
    const user = new FakeCloudUser(e, child, 'Amani');
    const { id } = await user.say('hello');
    const read = await graph(e, { messaging_product: 'whatsapp', status: 'read', message_id: id, typing_indicator: { type: 'text' } });
    expect(read).toMatchObject({ status: 200, json: { success: true } });
    expect(e.reads).toEqual([id]);
    expect((await graph(e, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.never' })).status).toBe(400);
    expect(e.sent).toEqual([]);
  });

  it('signs the exact raw body with HMAC-SHA256 under the app secret', async () => {
    const e = await emulator();
    const hook = await receiver();
    e.webhookUrl = hook.url;
    const user = new FakeCloudUser(e, child, 'Wanjikũ');
    expect(await user.say('Nimeogopa 😟 / help')).toMatchObject({ status: 200, text: 'EVENT_RECEIVED' });
    const [got] = hook.got;
    const expected = createHmac('sha256', options.appSecret).update(got!.raw).digest('hex');
    expect(got!.headers['x-hub-signature-256']).toBe(`sha256=${expected}`);
    expect(got!.headers['content-type']).toBe('application/json');

    await e.post({ object: 'whatsapp_business_account', entry: [] }, { signature: null });
    await e.post('{"object":"whatsapp_business_account","entry":[]}', { signature: 'sha256=00' });
    expect(hook.got[1]!.headers['x-hub-signature-256']).toBeUndefined();
    expect(hook.got[2]!.headers['x-hub-signature-256']).toBe('sha256=00');
  });

  it('escapes a body as Meta does, ASCII only, parsing back to the same object; or sends it as UTF-8', async () => {
    const e = await emulator();
    const hook = await receiver();
    e.webhookUrl = hook.url;
    const body = e.envelope({ contacts: [{ profile: { name: 'Wanjikũ' }, wa_id: child }], messages: [{ from: child, id: 'wamid.x', timestamp: '1', type: 'text', text: { body: 'Niko Nairobi 🇰🇪 https://example.org/a' } }] });
    await e.post(body);
    await e.post(body, { utf8: true });
    const [escaped, utf8] = hook.got.map((g) => g.raw.toString('utf8'));
    expect(escaped).toMatch(/^[\x20-\x7e]*$/);
    expect(escaped).toContain('Wanjik\\u0169');
    expect(escaped).toContain('\\ud83c\\uddf0');
    expect(escaped).toContain('https:\\/\\/example.org\\/a');
    expect(JSON.parse(escaped!)).toEqual(body);
    expect(utf8).toBe(JSON.stringify(body));
    expect(metaEscape(JSON.stringify(body))).toBe(escaped);
    expect(hook.got[1]!.headers['x-hub-signature-256']).toBe(e.sign(Buffer.from(utf8!, 'utf8')));
    // Signed over the escaped form, as Meta's docs describe, while the body stays UTF-8.
    await e.post(body, { utf8: true, signature: e.sign(escapeUnicode(utf8!)) });
    const expected = createHmac('sha256', options.appSecret).update(escapeUnicode(utf8!)).digest('hex');
    expect(hook.got[2]!.headers['x-hub-signature-256']).toBe(`sha256=${expected}`);
    expect(hook.got[2]!.raw.toString('utf8')).toBe(utf8);
  });

  it('posts statuses and the subscription check as Meta does', async () => {
    const e = await emulator();
    const hook = await receiver();
    e.webhookUrl = hook.url;
    const { json } = await graph(e, text('Karibu'));
    await e.deliverStatus('delivered', child);
    const status = JSON.parse(hook.got[0]!.raw.toString('utf8'));
    expect(status.entry[0].changes[0]).toMatchObject({
      field: 'messages',
      value: { messaging_product: 'whatsapp', metadata: { phone_number_id: options.phoneNumberId }, statuses: [{ id: json.messages[0].id, status: 'delivered', recipient_id: child }] },
    });
    expect(await e.verify({ 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' })).toEqual({ status: 200, text: '1158201444' });
    expect((await e.verify({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': '1' })).status).toBe(403);
  });

  it('plays a user: messages in Meta\'s envelope, presses with the message they answer, media, redelivery', async () => {
    const e = await emulator();
    const hook = await receiver();
    e.webhookUrl = hook.url;
    const user = new FakeCloudUser(e, child, 'Amani');
    const bodies = () => hook.got.map((g) => JSON.parse(g.raw.toString('utf8')).entry[0].changes[0].value);

    await user.say('hi');
    expect(bodies()[0]).toMatchObject({ contacts: [{ profile: { name: 'Amani' }, wa_id: child }], messages: [{ from: child, type: 'text', text: { body: 'hi' } }] });
    expect(bodies()[0].messages[0].context).toBeUndefined();

    await graph(e, buttons('Yes', 'No'));
    await graph(e, list(2));
    const [yesNo, places] = await user.replies(2);
    expect(user.unread()).toEqual([]);
    expect(user.choicesOf(places!)).toEqual([
      { id: 'r0', title: 'Place 0', description: 'Open today' },
      { id: 'r1', title: 'Place 1', description: 'Open today' },
    ]);
    expect(user.textOf(yesNo!)).toBe('Pick one');
    await user.press(yesNo!, 'No');
    await user.press(places!, 'r1');
    expect(() => user.press(yesNo!, 'Maybe')).toThrow('no choice "Maybe" on the message (choices: Yes [b0], No [b1])');
    expect(bodies()[1].messages[0]).toMatchObject({ context: { from: e.displayPhoneNumber, id: yesNo!.id }, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'b1', title: 'No' } } });
    expect(bodies()[2].messages[0].interactive).toEqual({ type: 'list_reply', list_reply: { id: 'r1', title: 'Place 1', description: 'Open today' } });

    await user.shareLocation(-1.2921, 36.8219);
    await user.sendMedia('voice');
    await user.sendMedia('image', 'my screen');
    expect(() => user.sendMedia('sticker', 'no')).toThrow('no caption');
    expect(bodies()[3].messages[0]).toMatchObject({ type: 'location', location: { latitude: -1.2921, longitude: 36.8219 } });
    expect(bodies()[4].messages[0]).toMatchObject({ type: 'audio', audio: { voice: true, mime_type: 'audio/ogg; codecs=opus' } });
    const image = bodies()[5].messages[0].image;
    expect(image).toMatchObject({ caption: 'my screen', mime_type: 'image/jpeg', url: `${e.root}/media/${image.id}` });

    const again = await user.redeliverLast();
    expect(bodies()[6]).toEqual(bodies()[5]);
    expect(again.id).toBe(bodies()[5].messages[0].id);
    expect(e.mediaFetches()).toBe(0);
  });
});
