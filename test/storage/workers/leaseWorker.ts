/**
 * One instance, as a separate process, taking turns on shared conversations through one Redis:
 * each turn reads a conversation, waits a little (a turn's work), and writes it back one higher,
 * inside the store's lease, as the engine's turns do. Argument: Redis URL, prefix, conversations,
 * turns per conversation, and "lease" or "none" (no lease: the control that must lose turns).
 */
import { RedisSessionStore } from '../../../src/storage/RedisSessionStore.js';

const [url, prefix, conversations, turns, mode] = process.argv.slice(2);
const store = new RedisSessionStore({ url: url!, ttlSeconds: 3_600, prefix: prefix! });
await store.connect();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const turn = async (key: string) => {
  const value = ((await store.get(key)) as { turns: number } | undefined) ?? { turns: 0 };
  await sleep(Math.random() * 3);
  await store.set(key, { turns: value.turns + 1 });
};
await Promise.all(
  Array.from({ length: Number(conversations) }, async (_, c) => {
    for (let t = 0; t < Number(turns); t++) {
      const key = `conversation-${c}`;
      await (mode === 'lease' ? store.exclusive(key, () => turn(key)) : turn(key));
    }
  }),
);
await store.close();
process.stdout.write('done\n');
