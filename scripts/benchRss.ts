/**
 * Run by scripts/bench.ts in a process of its own, so the figure is the bot's and not the
 * benchmark's: the resident memory of the app and its Telegram bot with every stored session in
 * DATA_DIR loaded, after a few conversations. Prints one JSON line: { rssMb, heapUsedMb, shards }.
 * Arguments: the data folder (a copy: conversations are written there), the pseudonym secret.
 */
import './offline.js';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../src/app/createApp.js';
import { createTelegramBot } from '../src/channels/telegram/createTelegramBot.js';
import { loadConfig } from '../src/config/loadConfig.js';
import type { Logger } from '../src/runtime/Logger.js';
import { heapUsedMb } from './heapUsedMb.js';
import { botInfo } from './benchTelegram.js';

const [dataDir, secret] = process.argv.slice(2);
if (!dataDir || !secret) throw new Error('usage: benchRss.ts DATA_DIR SECRET');
const silentLogger: Logger = { info() {}, warn() {}, error() {} };

const app = createApp(loadConfig({ DATA_DIR: dataDir, PSEUDONYM_SECRET: secret }), { logger: silentLogger, storage: 'files' });
createTelegramBot({
  token: '7000001:bench-token-never-sent-anywhere',
  botInfo,
  apiRoot: 'http://127.0.0.1:9',
  engine: app.engine,
  logger: silentLogger,
  groupNotice: () => '',
});
// Every shard opened: each one is loaded whole, as the store keeps it.
const shards = readdirSync(path.join(dataDir, 'sessions')).filter((f) => /^shard-\d{3}\.json$/.test(f)).length;
for (let i = 0; i < shards; i++) {
  const key = i.toString(16).padStart(6, '0') + 'f'.repeat(58);
  await app.store.get(key);
}
// A few conversations, so the engine, the dialogs and the crisis model have all run.
for (let user = 0; user < 50; user++) {
  for (const text of ['hi', '1', '2', '1', '1', '1', 'next', 'menu', '2', '1', 'Kisumu', 'menu']) {
    await app.engine.handle('console', `rss-${user}`, { type: 'text', text });
  }
}
await app.close();
const heap = heapUsedMb();
console.log(JSON.stringify({ rssMb: process.memoryUsage().rss / 2 ** 20, heapUsedMb: heap, shards }));
