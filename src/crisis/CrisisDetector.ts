import type { HelpTopic } from './HelpTopic.js';

/**
 * What the detector saw in a message: a crisis, in the language of the words that gave it away (the
 * engine interrupts with emergency guidance), or a curious question about a topic word, which
 * deserves the help page for that topic rather than an alarm.
 */
export type CrisisSignal = { kind: 'crisis'; language: 'en' | 'sw' | 'sheng' } | { kind: 'topic'; topic: HelpTopic };

/**
 * Looks at every text a user sends before any dialog sees it (design.md, rule 3).
 * Returns what it recognised, or null. It never keeps the text.
 */
export interface CrisisDetector {
  detect(text: string): CrisisSignal | null;
}
