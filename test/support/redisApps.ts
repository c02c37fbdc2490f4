import { afterAll, beforeAll } from 'vitest';
import { RedisServer } from './redisServer.js';
import { createTestApp, type TestApp } from './testApp.js';

/**
 * A throwaway Redis for one test file, and the apps its tests start on it (instances in one
 * process). `fresh` closes the apps of the tests before and empties Redis: left running, they would
 * go on watching the quiz timers, each on its own test clock, and one whose clock a test moved on
 * hours would end the next test's quiz as expired. Everything is closed before the server stops.
 */
export class RedisApps {
  redis!: RedisServer;
  private readonly apps: TestApp[] = [];

  constructor() {
    beforeAll(async () => {
      this.redis = await RedisServer.start();
    }, 30_000);
    afterAll(async () => {
      await this.closeAll();
      await this.redis.stop();
    });
  }

  /** Before a test: no app of an earlier test runs, and Redis is empty. */
  async fresh(): Promise<void> {
    await this.closeAll();
    await this.redis.flush();
  }

  /** A new instance on this Redis, connected; `env` adds settings, `now` a clock shared with others. */
  async app(env: Record<string, string> = {}, now?: { value: Date }): Promise<TestApp> {
    const app = createTestApp({ REDIS_URL: this.redis.url, ...env }, now ? { now } : {});
    this.apps.push(app);
    await app.ready();
    return app;
  }

  private async closeAll(): Promise<void> {
    for (const app of this.apps.splice(0)) await app.close();
  }
}
