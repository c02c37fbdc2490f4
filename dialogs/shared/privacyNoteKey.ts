import type { Audience } from '../../src/domain/Audience.js';

/**
 * The privacy note written for the reader's age: very simple for 10-12, plain for teenagers,
 * complete for adults. `short` is the note at onboarding; `full` is "tell me more".
 */
export function privacyNoteKey(audience: Audience | null, length: 'short' | 'full'): string {
  const reader = audience === 'age10_12' ? 'child' : audience === 'age13_15' || audience === 'age16_17' ? 'teen' : 'adult';
  return `privacy:note.${reader}.${length}`;
}
