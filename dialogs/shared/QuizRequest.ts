import type { ClubAges } from '../../src/quiz/QuizBank.js';

/**
 * What a quiz dialog asks of the live quiz, through the engine: the patron opens the quiz (is there
 * any patron code on this service?), checks a code, makes a session and moves it on; a player
 * answers or leaves. The hub answers with pushes. A patron code passes through here once, to be
 * checked, and is never kept.
 */
export type QuizRequest =
  | { kind: 'open' }
  | { kind: 'verify'; code: string }
  | { kind: 'create'; band: ClubAges; topic: string; count: number; seconds: number | null }
  | { kind: 'start' }
  | { kind: 'next' }
  | { kind: 'status' }
  | { kind: 'end' }
  | { kind: 'answer'; option: string }
  | { kind: 'leave' };
