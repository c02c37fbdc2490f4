import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, say } from '../support/say.js';
import { freePort } from '../support/freePort.js';
import { RedisServer } from '../support/redisServer.js';
import { runCli } from '../support/runCli.js';
import { createTestApp } from '../support/testApp.js';

/* The engine on Redis (REDIS_URL): every way of running uses it, and a Redis that dies mid-run
 * costs the person one short apology with the numbers that help now, never the process. */

let redis: RedisServer;
beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => redis?.stop());

describe('the engine with sessions in Redis', () => {
  it('apologises with the emergency numbers while Redis is down, stays up, and carries on when it is back', async () => {
    const app = createTestApp({ REDIS_URL: redis.url });
    await app.ready();
    try {
      const [, , , menu] = await say(app, 'hi', 'English', '2', 'ok');
      expect(keys(menu)).toEqual(['menu:title']);
      await redis.stop();
      const [down] = await say(app, '1');
      expect(keys(down)).toEqual(['common:unavailable']);
      for (const locale of ['en', 'sw'] as const) expect(down!.messages[0]!.text).toContain(app.translator.t(locale, 'common:unavailable'));
      expect(down!.messages[0]!.text).toMatch(/116/);
      expect(app.logger.lines.some((l) => l.level === 'error' && l.message.includes('session store failed'))).toBe(true);
      await redis.start();
      // The restarted Redis is empty (persistence is off in tests): the person starts again, cleanly.
      let again: Awaited<ReturnType<typeof say>>[number] | undefined;
      for (let i = 0; i < 50; i++) {
        [again] = await say(app, 'hi');
        if (keys(again)[0] !== 'common:unavailable') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(keys(again)).toEqual(['onboarding:welcome', 'onboarding:language']);
    } finally {
      await app.close();
    }
  });

  it('is what npm start uses in transcript mode too: nothing is written under DATA_DIR/sessions', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'redis-cli-'));
    try {
      const run = await runCli(['--transcript'], { REDIS_URL: redis.url, DATA_DIR: dataDir, PSEUDONYM_SECRET: 'a-test-secret-of-at-least-32-characters-0123' }, 'hi\nEnglish\n');
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout.trim().split('\n')).toHaveLength(2);
      expect(existsSync(path.join(dataDir, 'sessions'))).toBe(false);
      const again = await runCli(['--transcript'], { REDIS_URL: redis.url, DATA_DIR: dataDir, PSEUDONYM_SECRET: 'a-test-secret-of-at-least-32-characters-0123' }, '2\n');
      // The second process finds the first one's conversation in Redis: "2" picks an age group.
      expect(JSON.parse(again.stdout.trim()).out[0].key).toMatch(/^privacy:note\./);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('stops at start with one line when Redis cannot be reached, and never echoes the address', async () => {
    const port = await freePort();
    const run = await runCli([], { REDIS_URL: `redis://:hunter2secret@127.0.0.1:${port}` }, '');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^Configuration error: REDIS_URL: could not connect to the session store \(.+\)\. Check that Redis runs there, or unset REDIS_URL/);
    expect(run.stderr).not.toContain('hunter2secret');
    const bad = await runCli([], { REDIS_URL: 'http://127.0.0.1:6379' }, '');
    expect(bad.stderr.trim()).toBe('Configuration error: REDIS_URL must be a redis:// or rediss:// address, such as redis://127.0.0.1:6379 or redis://:password@redis.internal:6379/0.');
  });
});
