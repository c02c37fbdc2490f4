import { describe, expect, it } from 'vitest';
import { Quarter } from '../../src/events/Quarter.js';

describe('Quarter (Nairobi time, UTC+3)', () => {
  it('puts the last three UTC hours of a quarter into the next quarter', () => {
    expect(Quarter.of(new Date('2026-09-30T20:59Z'))).toBe('2026Q3');
    expect(Quarter.of(new Date('2026-09-30T21:00Z'))).toBe('2026Q4');
    expect(Quarter.of(new Date('2026-12-31T21:00Z'))).toBe('2027Q1');
    expect(Quarter.of(new Date('2026-12-31T20:00Z'))).toBe('2026Q4');
  });

  it('gives bounds as the UTC instants of Nairobi midnight', () => {
    expect(Quarter.bounds('2026Q4')).toEqual({ from: new Date('2026-09-30T21:00Z'), to: new Date('2026-12-31T21:00Z') });
    expect(Quarter.bounds('2026Q1').from).toEqual(new Date('2025-12-31T21:00Z'));
    expect(Quarter.previous('2026Q1')).toBe('2025Q4');
  });

  it('starts weeks on Monday in Nairobi', () => {
    // Sunday 29 November 2026 at 22:00 UTC is Monday 30 November 01:00 in Nairobi.
    expect(Quarter.weekOf(new Date('2026-11-29T22:00Z'))).toBe('2026-11-30');
    expect(Quarter.weekOf(new Date('2026-11-29T20:00Z'))).toBe('2026-11-23');
  });

  it('parses only well-formed quarters', () => {
    expect(Quarter.parse('2026Q4')).toBe('2026Q4');
    for (const bad of ['2026Q5', '2026-Q4', 'Q4', '']) expect(Quarter.parse(bad)).toBeUndefined();
  });
});
