/**
 * `npm run bench:webhooks`: the two webhooks side by side, in one process, each with the real
 * engine (memory storage) and its channel, talking to a local emulator instead of the platform:
 * the Telegram webhook (Bot API emulator) and the WhatsApp Cloud API webhook (Graph API emulator).
 *
 * - Latency: 200 people at once, each taking three turns (hi, a language, an age group) 12 seconds
 *   apart, as people read and reply; from the moment the platform posts the webhook to the moment
 *   the first reply of that turn reaches the platform. Both channels pace what they send to the
 *   platform's limits (Telegram: 30 messages a second in all and one a second to a chat; Meta: 80 a
 *   second for a new number, one every 6 s to a person after a burst of 6). The spacing keeps the
 *   load (about 17 turns a second) inside all of them, so the figure is the service's own time.
 * - Throughput: 1,000 people who each write once, all posted as fast as 200 connections carry them;
 *   webhooks accepted per second (the answer is sent before the turn runs), and turns answered per
 *   second (the last reply sent), which the platform's limit bounds: Telegram's 30 messages a
 *   second, Meta's 80 for a new number. The Cloud channel is measured again with its limit lifted,
 *   for what one instance can do when Meta has raised the number's throughput.
 * Nothing leaves 127.0.0.1; every loop is bounded.
 */
import { createApp } from '../src/app/createApp.js';
import { startTelegram } from '../src/channels/telegram/startTelegram.js';
import { startWhatsAppCloud } from '../src/channels/whatsapp/cloud/startWhatsAppCloud.js';
import { loadConfig } from '../src/config/loadConfig.js';
import type { Logger } from '../src/runtime/Logger.js';
import { BotApiEmulator } from '../test/channels/telegram/BotApiEmulator.js';
import { FakeCloudUser } from '../test/channels/whatsapp/cloud/FakeCloudUser.js';
import { GraphApiEmulator } from '../test/channels/whatsapp/cloud/GraphApiEmulator.js';
import { freePort } from '../test/support/freePort.js';

const concurrentPeople = 200;
const turnGapMs = 12_000;
const throughputPeople = 1_000;
const secret = 'bench-secret-0123456789abcdef0123456789abcdef';
const quiet: Logger = { info: () => {}, warn: () => {}, error: () => {} };

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


/** Waits for the next reply to one person, keyed by their address. */
class Replies {
  private readonly waiting = new Map<string, () => void>();
  private readonly early = new Set<string>();
  arrived(to: string): void {
    const wake = this.waiting.get(to);
    if (wake) {
      this.waiting.delete(to);
      wake();
    } else this.early.add(to);
  }
  /** Resolves at the person's next reply (one that came since the last wait counts). */
  next(to: string, timeoutMs = 30_000): Promise<void> {
    if (this.early.delete(to)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${to} within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.set(to, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  forget(to: string): void {
    this.early.delete(to);
  }
}

interface Channel {
  name: string;
  /** Post one person's text through the webhook; resolves when the webhook answered. */
  say(person: number, text: string): Promise<void>;
  replies: Replies;
  address(person: number): string;
  close(): Promise<void>;
}

async function telegram(): Promise<Channel> {
  const token = '7000002:bench-token-only-for-the-local-emulator';
  const webhookSecret = 'bench-webhook-secret';
  const emulator = await BotApiEmulator.start(token);
  const port = await freePort();
  const config = loadConfig({
    PSEUDONYM_SECRET: secret,
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    TELEGRAM_WEBHOOK_URL: 'https://bench.invalid/telegram',
    TELEGRAM_WEBHOOK_SECRET: webhookSecret,
    TELEGRAM_WEBHOOK_HOST: '127.0.0.1',
    TELEGRAM_WEBHOOK_PORT: String(port),
  });
  const app = createApp(config, { logger: quiet, storage: 'memory' });
  const bot = await startTelegram(config, { engine: app.engine, translator: app.translator, logger: quiet, outbox: app.outbox, quiz: app.quiz });
  const replies = new Replies();
  emulator.onCall = (call) => {
    if (call.method === 'sendMessage' && call.status === 200) replies.arrived(String(call.payload.chat_id));
  };
  const hook = `http://127.0.0.1:${port}/telegram`;
  emulator.sink = async (update) => {
    const response = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookSecret }, body: JSON.stringify(update) });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`the Telegram webhook answered ${response.status}`);
  };
  const chats = new Map<number, ReturnType<BotApiEmulator['privateChat']>>();
  const id = (person: number) => 610_000_000 + person;
  return {
    name: 'telegram',
    replies,
    address: (person) => String(id(person)),
    say: async (person, text) => {
      const chat = chats.get(person) ?? emulator.privateChat(id(person), 'Amani');
      chats.set(person, chat);
      await emulator.send({ id: id(person), first_name: 'Amani' }, chat, { text });
    },
    close: async () => {
      await bot.stop();
      await app.close();
      await emulator.close();
    },
  };
}

async function whatsappCloud(throughput?: number): Promise<Channel> {
  const secrets = {
    WHATSAPP_CLOUD_TOKEN: 'EAAGbenchTokenOnlyForTheLocalEmulator01234',
    WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
    WHATSAPP_APP_SECRET: '0123456789abcdef0123456789abcdef',
    WHATSAPP_VERIFY_TOKEN: 'bench-verify-token',
  };
  const emulator = await GraphApiEmulator.start({ token: secrets.WHATSAPP_CLOUD_TOKEN, appSecret: secrets.WHATSAPP_APP_SECRET, phoneNumberId: secrets.WHATSAPP_PHONE_NUMBER_ID });
  const config = { ...loadConfig({ PSEUDONYM_SECRET: secret, ...secrets, WHATSAPP_GRAPH_API_ROOT: emulator.root, WHATSAPP_WEBHOOK_HOST: '127.0.0.1' }), WHATSAPP_WEBHOOK_PORT: 0 };
  const app = createApp(config, { logger: quiet, storage: 'memory' });
  const cloud = await startWhatsAppCloud(config, { engine: app.engine, translator: app.translator, logger: quiet, outbox: app.outbox, ...(throughput ? { throughput } : {}) });
  emulator.webhookUrl = `http://127.0.0.1:${cloud.port}/whatsapp`;
  const replies = new Replies();
  emulator.onSent = (message) => replies.arrived(message.to);
  const people = new Map<number, FakeCloudUser>();
  const waId = (person: number) => `2547${String(20_000_000 + person)}`;
  return {
    name: throughput ? `whatsapp_cloud_at_${throughput}_per_s` : 'whatsapp_cloud',
    replies,
    address: waId,
    say: async (person, text) => {
      const user = people.get(person) ?? new FakeCloudUser(emulator, waId(person), 'Amani');
      people.set(person, user);
      await user.say(text);
    },
    close: async () => {
      await cloud.stop();
      await app.close();
      await emulator.close();
    },
  };
}

/** 200 people at once, three turns each, spaced: the time from webhook to first reply of each turn. */
async function latency(channel: Channel): Promise<{ p50: number; p99: number; turns: number }> {
  const times: number[] = [];
  const script = ['hi', '1', '2'];
  await Promise.all(
    Array.from({ length: concurrentPeople }, async (_, person) => {
      await sleep((person / concurrentPeople) * turnGapMs);
      for (const text of script) {
        const to = channel.address(person);
        channel.replies.forget(to);
        const t0 = performance.now();
        const reply = channel.replies.next(to);
        await channel.say(person, text);
        await reply;
        times.push(performance.now() - t0);
        await sleep(turnGapMs);
      }
    }),
  );
  return { p50: percentile(times, 50), p99: percentile(times, 99), turns: times.length };
}

/** 1,000 people who write once, posted through 200 connections at a time. */
async function throughput(channel: Channel): Promise<{ acceptedPerS: number; answeredPerS: number }> {
  const base = 10_000;
  const answered = Array.from({ length: throughputPeople }, (_, i) => channel.replies.next(channel.address(base + i), 120_000));
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrentPeople }, async () => {
      while (next < throughputPeople) await channel.say(base + next++, 'hi');
    }),
  );
  const accepted = performance.now() - t0;
  await Promise.all(answered);
  const done = performance.now() - t0;
  return { acceptedPerS: (throughputPeople / accepted) * 1000, answeredPerS: (throughputPeople / done) * 1000 };
}

const fixed = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : String(n));
const runs: [() => Promise<Channel>, boolean, string][] = [
  [telegram, true, ' (bounded by Telegram: 30 messages a second in all)'],
  [() => whatsappCloud(), true, " (bounded by Meta's 80 messages a second for a new number)"],
  [() => whatsappCloud(1_000), false, ' (limit lifted to 1,000 a second, as Meta allows a grown number)'],
];
for (const [start, withLatency, bound] of runs) {
  const channel = await start();
  try {
    if (withLatency) {
      const lat = await latency(channel);
      console.log(`${channel.name}_turns_measured: ${lat.turns}`);
      console.log(`${channel.name}_webhook_to_reply_p50_ms: ${fixed(lat.p50)}`);
      console.log(`${channel.name}_webhook_to_reply_p99_ms: ${fixed(lat.p99)}`);
    }
    const put = await throughput(channel);
    console.log(`${channel.name}_webhooks_accepted_per_s: ${fixed(put.acceptedPerS)}`);
    console.log(`${channel.name}_turns_answered_per_s: ${fixed(put.answeredPerS)}${bound}`);
  } finally {
    await channel.close();
  }
}
process.exit(0);
