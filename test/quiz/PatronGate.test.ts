import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PatronGate } from '../../src/quiz/PatronGate.js';
import { patronFailuresFile } from '../../src/quiz/patronFailuresFile.js';

const code = 'CLUB-7Q2M-KX9P';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('patron codes', () => {
  it('count wrong codes across every id: a new id for each try buys no new tries', () => {
    const warnings: string[] = [];
    const gate = new PatronGate([code], undefined, () => warnings.push('guessing'));
    const t0 = 1_000_000;
    let checked = 0;
    // 10,000 tries in one minute, each from a new pseudonymous key.
    for (let i = 0; i < 10_000; i += 1) {
      const verdict = gate.check(`key${i}`, `CLUB-GUES-${String(i).padStart(4, '0')}`, t0 + i * 6);
      if (verdict.verdict === 'wrong') checked += 1;
    }
    expect(checked).toBe(30);
    expect(warnings).toEqual(['guessing']);
    // The right code waits out the minute too; then it works.
    expect(gate.check('patron', code, t0 + 59_000).verdict).toBe('wait');
    expect(gate.check('patron', code, t0 + 61_000 + 10_000 * 6).verdict).toBe('ok');
  });

  it('keep failures across a restart, as hashes of ids and times only', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patron-'));
    dirs.push(dir);
    const file = path.join(dir, 'patron-failures.json');
    const before = new PatronGate([code], patronFailuresFile(file, () => undefined));
    for (let i = 0; i < 3; i += 1) expect(before.check('the-same-key', 'WRONG-CODE-1', 1_000 + i).verdict).toBe('wrong');
    const kept = readFileSync(file, 'utf8');
    expect(kept).not.toContain('the-same-key');
    expect(kept).not.toContain('WRONG');
    // A restart: a new gate reading the same file still makes the next try wait.
    const after = new PatronGate([code], patronFailuresFile(file, () => undefined));
    expect(after.check('the-same-key', code, 2_000)).toMatchObject({ verdict: 'wait' });
    expect(after.check('the-same-key', code, 1_002 + 30_001).verdict).toBe('ok');
  });

  it('start from none, with a warning, when the file cannot be read', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'patron-'));
    dirs.push(dir);
    const file = path.join(dir, 'patron-failures.json');
    writeFileSync(file, '{ "byKey": ');
    const warnings: string[] = [];
    const gate = new PatronGate([code], patronFailuresFile(file, (line) => warnings.push(line)));
    expect(gate.check('k', code, 0).verdict).toBe('ok');
    expect(warnings).toEqual([`${file} could not be read; patron-code failures start again from none`]);
  });
});
