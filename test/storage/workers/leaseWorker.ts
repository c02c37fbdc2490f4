/**
 * One instance, as a separate process, taking turns on shared conversations through one Redis:
 * each turn reads a conversation, waits a little (a turn's work), and writes it back one higher,
 * inside the store's lease, as the engine's turns do. Argument: Redis URL, prefix, conversations,
 * turns per conversation, "lease" or "none" (no lease: the control that must lose turns), and how
 * many processes take part (each waits for all of them before its first turn).
 */
import { createClient } from '@redis/client';
import { RedisSessionStore } from '../../../src/storage/RedisSessionStore.js';

const [url, prefix, conversations, turns, mode, processes] = process.argv.slice(2);
const store = new RedisSessionStore({ url: url!, ttlSeconds: 3_600, prefix: prefix! });
await store.connect();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const turn = async (key: string) => {
  const value = ((await store.get(key)) as { turns: number } | undefined) ?? { turns: 0 };
  await sleep(1 + Math.random() * 4);
  await store.set(key, { turns: value.turns + 1 });
};
// Both processes begin together (a barrier in Redis), so their turns really interleave.
const barrier = createClient({ url: url! });
await barrier.connect();
await barrier.incr(`${prefix}ready`);
while (Number(await barrier.get(`${prefix}ready`)) < Number(processes)) await sleep(5);
await barrier.close();
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
