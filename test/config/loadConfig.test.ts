import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/ConfigError.js';
import { loadConfig } from '../../src/config/loadConfig.js';

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('has defaults that run the demo with nothing set, and treats empty values as unset', () => {
    expect(loadConfig({})).toEqual({ DATA_DIR: './data', DEFAULT_LOCALE: 'en', SESSION_DAYS: 90, LOG_LEVEL: 'info' });
    expect(loadConfig({ DATA_DIR: '', SESSION_DAYS: '' })).toMatchObject({ DATA_DIR: './data', SESSION_DAYS: 90 });
    expect(loadConfig({ DEFAULT_LOCALE: 'sw', SESSION_DAYS: '30' })).toMatchObject({ DEFAULT_LOCALE: 'sw', SESSION_DAYS: 30 });
  });

  it('names the variable, what is expected, and the bad value, in one line', () => {
    const cases: [Record<string, string>, string][] = [
      [{ DEFAULT_LOCALE: 'fr' }, 'DEFAULT_LOCALE must be "en" or "sw" (it is "fr").'],
      [{ SESSION_DAYS: 'abc' }, 'SESSION_DAYS must be a whole number of days from 1 to 730 (it is "abc").'],
      [{ SESSION_DAYS: '0' }, 'SESSION_DAYS must be a whole number of days from 1 to 730 (it is "0").'],
      [{ SESSION_DAYS: '2.5' }, 'SESSION_DAYS must be a whole number of days from 1 to 730 (it is "2.5").'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, silent (it is "loud").'],
    ];
    for (const [env, message] of cases) expect(problem(env)).toBe(message);
  });

  it('never echoes a secret', () => {
    const message = problem({ PSEUDONYM_SECRET: 'hunter2' });
    expect(message).toMatch(/^PSEUDONYM_SECRET must be at least 32 characters/);
    expect(message).not.toContain('hunter2');
    expect(message.split('\n')).toHaveLength(1);
  });
});
