/**
 * Quarters and weeks in Nairobi time (EAT, UTC+3, no daylight saving), the calendar the Council
 * reports in. Pseudonyms rotate on the same boundaries, so a quarter's unique counts and its key agree.
 */
const EAT_MS = 3 * 3600_000;

export const Quarter = {
  /** The quarter containing an instant, such as "2026Q4". */
  of(at: Date): string {
    const local = new Date(at.getTime() + EAT_MS);
    return `${local.getUTCFullYear()}Q${Math.floor(local.getUTCMonth() / 3) + 1}`;
  },

  /** Parse "2026Q4"; undefined when it is not a quarter. */
  parse(text: string): string | undefined {
    return /^\d{4}Q[1-4]$/.test(text) ? text : undefined;
  },

  /** The first instant of the quarter and the first instant of the next, in UTC. */
  bounds(quarter: string): { from: Date; to: Date } {
    const year = Number(quarter.slice(0, 4));
    const q = Number(quarter.slice(5));
    return {
      from: new Date(Date.UTC(year, (q - 1) * 3, 1) - EAT_MS),
      to: new Date(Date.UTC(year, q * 3, 1) - EAT_MS),
    };
  },

  /** The quarter before this one. */
  previous(quarter: string): string {
    return Quarter.of(new Date(Quarter.bounds(quarter).from.getTime() - 1));
  },

  /** The Nairobi date (YYYY-MM-DD) of the Monday starting the week that contains an instant. */
  weekOf(at: Date): string {
    const local = new Date(at.getTime() + EAT_MS);
    const sinceMonday = (local.getUTCDay() + 6) % 7;
    return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - sinceMonday)).toISOString().slice(0, 10);
  },

  /** The Nairobi date (YYYY-MM-DD) as the first instant of that day, in UTC. */
  startOfDay(date: string): Date {
    return new Date(Date.parse(`${date}T00:00:00Z`) - EAT_MS);
  },
};
