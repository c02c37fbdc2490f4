import type { z } from 'zod';

/** A seed file that cannot be used. The message names the file, the record and the field. */
export class SeedError extends Error {
  override name = 'SeedError';

  static fromZod(file: string, error: z.ZodError, data: unknown): SeedError {
    const lines = error.issues.map((issue) => `${file} › ${describePath(issue.path, data)}: ${issue.message}`);
    return new SeedError(lines.join('\n'));
  }
}

/** "services[2] (id police) › phones[0]": the record's own id makes the place easy to find. */
function describePath(path: PropertyKey[], data: unknown): string {
  let node: unknown = data;
  const parts: string[] = [];
  for (const key of path) {
    node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    const label = typeof key === 'number' ? `[${key}]` : `${parts.length ? ' › ' : ''}${String(key)}`;
    const id = typeof key === 'number' && node && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
    parts.push(typeof id === 'string' ? `${label} (id ${id})` : label);
  }
  return parts.join('') || '(top level)';
}
