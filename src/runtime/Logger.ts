/**
 * What the engine and channels log through (pino satisfies it). Fields must be closed-set values:
 * dialog ids, error names, counts. Never a platform id, a pseudonym or anything a user typed.
 */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
