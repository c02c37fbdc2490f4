import type { TurnResult } from '../../src/runtime/TurnResult.js';
import type { TestApp } from './testApp.js';

/** Send typed lines from one console user, in order; returns each turn's result. */
export async function say(app: TestApp, ...lines: string[]): Promise<TurnResult[]> {
  const results: TurnResult[] = [];
  for (const text of lines) results.push(await app.engine.handle('console', 'user', { type: 'text', text }));
  return results;
}

/** The locale keys of the messages of one turn, the simplest thing to assert a turn by. */
export function keys(result: TurnResult | undefined): string[] {
  return result?.messages.map((m) => m.key) ?? [];
}
