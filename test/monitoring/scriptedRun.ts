import type { Channel } from '../../src/domain/Channel.js';
import type { MonitoringEvent } from '../../src/events/MonitoringEvent.js';
import { createTestApp, type TestApp } from '../support/testApp.js';

/** One person typing lines to the real engine, as a phone would send them. */
async function type(app: TestApp, channel: Channel, id: string, ...lines: string[]): Promise<void> {
  for (const text of lines) await app.engine.handle(channel, id, { type: 'text', text });
}

const bands = ['1', '2', '3'] as const; // Ages 10-12, 13-15, 16-17 on the onboarding list

/**
 * 40 children start this quarter (2026Q4) through the real engine, half on Telegram, half on WhatsApp;
 * 17 of them end up in Kiswahili:
 *   14 choose Kiswahili at the start;
 *    3 choose English at the start, then switch to Kiswahili with the `language` command;
 *    2 choose Kiswahili at the start, then switch to English (so they count as English);
 *   21 choose English and keep it.
 * Age bands go round 10-12, 13-15, 16-17. With `returning`, 5 more children who started in 2026Q3
 * come back in 2026Q4 and change their age band in settings: this quarter has no record of their
 * channel or language.
 */
export async function scriptedRun(options: { returning?: boolean } = {}): Promise<MonitoringEvent[]> {
  const app = createTestApp();
  if (options.returning) {
    app.now.value = new Date('2026-09-20T09:00:00Z');
    for (let i = 0; i < 5; i += 1) await type(app, 'telegram', `back${i}`, 'hi', '1', '2', 'ok');
  }
  app.now.value = new Date('2026-10-06T09:00:00Z');
  for (let i = 0; i < 40; i += 1) {
    const channel: Channel = i % 2 === 0 ? 'telegram' : 'whatsapp';
    const id = `child${i}`;
    const startsIn = i < 14 || (i >= 17 && i < 19) ? '2' : '1';
    await type(app, channel, id, 'hi', startsIn, bands[i % 3]!, 'ok');
    if (i >= 14 && i < 17) await type(app, channel, id, 'language', '2');
    if (i >= 17 && i < 19) await type(app, channel, id, 'language', '1');
    if (i % 10 === 9) app.now.value = new Date(app.now.value.getTime() + 7 * 86_400_000); // a new week now and then
  }
  if (options.returning) {
    for (let i = 0; i < 5; i += 1) await type(app, 'telegram', `back${i}`, 'menu', '3', '2', '3');
  }
  const events: MonitoringEvent[] = [];
  for await (const event of app.events.read()) events.push(event);
  return events;
}
