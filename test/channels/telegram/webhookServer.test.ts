import { connect, type Socket } from 'node:net';
import { Bot } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebhookServer, type WebhookLimits, type WebhookServer } from '../../../src/channels/telegram/startWebhookServer.js';
import { RecordingLogger } from '../../support/testApp.js';
import { botUser } from './BotApiEmulator.js';

/* The webhook server on loopback, in this process, in front of a bot whose handler takes its time.
 * Nothing leaves the machine: the bot only counts what it is given. */

const secret = 'webhook-secret_0123456789';
const servers: WebhookServer[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(limits: Partial<WebhookLimits> = {}, handlerMs = 0) {
  const bot = new Bot('123:not-a-real-token', { botInfo: botUser, client: { apiRoot: 'http://127.0.0.1:9' } });
  const handled: number[] = [];
  bot.on('message', async (ctx) => {
    await new Promise((resolve) => setTimeout(resolve, handlerMs));
    handled.push(ctx.update.update_id);
  });
  const server = await startWebhookServer({ bot, path: '/hook', secretToken: secret, host: '127.0.0.1', port: 0, logger: new RecordingLogger(), limits });
  servers.push(server);
  return { url: `http://127.0.0.1:${server.port}/hook`, port: server.port, handled };
}

const update = (id: number) => JSON.stringify({ update_id: id, message: { message_id: id, date: 0, chat: { id: 5, type: 'private' }, from: { id: 5, is_bot: false, first_name: 'X' }, text: 'hi' } });

/** A raw connection; resolves with how long it lived once the server closes it (or rejects after `ms`). */
function rawSocket(port: number, send: string, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(send));
    sockets.push(socket);
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Date.now() - started));
    setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
  });
}

describe('the webhook server', () => {
  it('answers Telegram at once and handles the update after', async () => {
    const { url, handled } = await serve({}, 1_500);
    const started = Date.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: update(7) });
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(handled).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(handled).toEqual([7]);
  });

  it('refuses a request without the secret before reading its body', async () => {
    const { url, handled } = await serve();
    const tries: Record<string, string>[] = [{}, { 'x-telegram-bot-api-secret-token': 'wrong' }, { 'x-telegram-bot-api-secret-token': secret.replace('0', '1') }];
    for (const headers of tries) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: update(1) });
      expect(response.status).toBe(401);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(handled).toEqual([]);
  });

  it('refuses a chunked body past the limit while it streams, and one whose length says it is too big', async () => {
    const { url, port, handled } = await serve();
    // 10 MB sent in chunks with no Content-Length: refused once past 1 MB, the connection closed.
    const head = `POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: ${secret}\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = 'a'.repeat(64 * 1024);
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(head);
        let sent = 0;
        const pump = () => {
          while (sent < 10 * 1024 * 1024 && !socket.destroyed) {
            sent += chunk.length;
            if (!socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) return void socket.once('drain', pump);
          }
        };
        pump();
      });
      sockets.push(socket);
      let text = '';
      socket.on('data', (d) => (text += String(d)));
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    const declared = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: 'x'.repeat(1_000_001) });
    expect(declared.status).toBe(413);
    expect(handled).toEqual([]);
  });

  it('closes a connection that sends nothing, or stops half-way through its headers', async () => {
    const { port } = await serve({ idleTimeoutMs: 300, headersTimeoutMs: 400, requestTimeoutMs: 600 });
    expect(await rawSocket(port, '', 3_000)).toBeLessThan(2_000);
    expect(await rawSocket(port, 'POST /hook HTTP/1.1\r\nHost: x\r\n', 3_000)).toBeLessThan(2_000);
  });

  it('caps the connections open at once', async () => {
    const { port } = await serve({ maxConnections: 3, idleTimeoutMs: 10_000 });
    const lives = [0, 1, 2, 3, 4].map(() => rawSocket(port, '', 1_500).then((ms) => ms, () => null));
    const closed = (await Promise.all(lives)).filter((ms) => ms !== null);
    // Three stay open (until the test ends); the two beyond the cap are closed at once.
    expect(closed).toHaveLength(2);
  });
});
