import type { HelpTopic } from './HelpTopic.js';
import type { MessageLanguage, Situation, Tier, Who } from './Situation.js';

/** A worrying message, as the detector read it. */
export interface Concern {
  kind: 'crisis';
  tier: Tier;
  situation: Situation;
  who: Who;
  language: MessageLanguage;
  /** True when the language to answer in (English, or Kiswahili for sw and Sheng) is clear (short messages often are not). */
  languageSure: boolean;
}

/** The kinds of small talk that get a friendly line instead of a check-in. */
export type SmallTalkKind = 'greeting' | 'thanks' | 'ok';

/**
 * What the detector saw in a message: a concern (the engine interrupts or checks in), a curious
 * question about a topic word, which deserves the help page for that topic rather than an alarm,
 * small talk ("hi", "asante"), or, as null, nothing worrying.
 */
export type CrisisSignal = Concern | { kind: 'topic'; topic: HelpTopic } | { kind: 'smallTalk'; smallTalk: SmallTalkKind };

/**
 * Looks at every text a user sends before any dialog sees it (design.md, rule 3).
 * Returns what it recognised, or null. It never keeps the text.
 */
export interface CrisisDetector {
  detect(text: string): CrisisSignal | null;
}
