import { z } from 'zod';

/**
 * A stored conversation that no longer parses (written by a newer release before a rollback, say,
 * or damaged) is never dropped without a word: it is kept as it was, beside its key, with the day
 * it was set aside, and expires like any conversation. "Forget me" deletes it too.
 */
export const SetAside = z.strictObject({ setAside: z.iso.date(), record: z.unknown() });
export type SetAside = z.infer<typeof SetAside>;

/** Where a conversation's unreadable record is kept. */
export const setAsideKey = (key: string) => `${key}:set-aside`;
