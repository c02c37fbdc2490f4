import type { CrisisDetector } from '../CrisisDetector.js';
import { MessageLanguage, Situation } from '../Situation.js';
import type { LabelledMessage } from './CrisisCorpus.js';

/** What the whole pipeline did with one message: interrupt, check in, a topic's help page, or nothing. */
export type Outcome = { tier: 'interrupt' | 'checkin' | 'topic' | null; situation: string | null; who: string | null; language: string | null };

export function outcomeOf(detector: CrisisDetector, text: string): Outcome {
  const signal = detector.detect(text);
  if (signal?.kind === 'crisis') return { tier: signal.tier, situation: signal.situation, who: signal.who, language: signal.language };
  if (signal?.kind === 'topic') return { tier: 'topic', situation: null, who: null, language: null };
  return { tier: null, situation: null, who: null, language: null };
}

/** Figures as `name: value` pairs, in print order. */
export type Figures = [string, string][];

const ratio = (hit: number, of: number) => (of === 0 ? 'n/a' : (hit / of).toFixed(3));

/**
 * The measures of the issue: recall of interrupt-or-check-in (a topic's help page counts as caught),
 * interrupt recall, interrupt false alarms and check-ins on harmless messages; by language and by
 * situation; and how often the situation, the person and the language were read right.
 */
export function measure(prefix: string, items: { message: LabelledMessage; outcome: Outcome }[]): { figures: Figures; totals: Record<string, number> } {
  const figures: Figures = [];
  const rates = (subset: typeof items) => {
    const needing = subset.filter((i) => i.message.tier !== 'none');
    const interrupts = subset.filter((i) => i.message.tier === 'interrupt');
    const harmless = subset.filter((i) => i.message.tier === 'none');
    return {
      any: [needing.filter((i) => i.outcome.tier !== null).length, needing.length] as const,
      interrupt: [interrupts.filter((i) => i.outcome.tier === 'interrupt').length, interrupts.length] as const,
      falseInterrupt: [harmless.filter((i) => i.outcome.tier === 'interrupt').length, harmless.length] as const,
      harmlessCheckin: [harmless.filter((i) => i.outcome.tier === 'checkin').length, harmless.length] as const,
    };
  };
  const all = rates(items);
  figures.push(
    [`${prefix} messages`, String(items.length)],
    [`${prefix} interrupt_or_checkin_recall`, `${ratio(...all.any)} (n=${all.any[1]})`],
    [`${prefix} interrupt_recall`, `${ratio(...all.interrupt)} (n=${all.interrupt[1]})`],
    [`${prefix} interrupt_false_alarms`, `${ratio(...all.falseInterrupt)} (n=${all.falseInterrupt[1]})`],
    [`${prefix} checkins_on_harmless`, `${ratio(...all.harmlessCheckin)} (n=${all.harmlessCheckin[1]})`],
  );
  for (const language of MessageLanguage.options) {
    const r = rates(items.filter((i) => i.message.language === language));
    figures.push(
      [`${prefix} ${language} interrupt_or_checkin_recall`, `${ratio(...r.any)} (n=${r.any[1]})`],
      [`${prefix} ${language} interrupt_recall`, `${ratio(...r.interrupt)} (n=${r.interrupt[1]})`],
      [`${prefix} ${language} interrupt_false_alarms`, `${ratio(...r.falseInterrupt)} (n=${r.falseInterrupt[1]})`],
      [`${prefix} ${language} checkins_on_harmless`, `${ratio(...r.harmlessCheckin)} (n=${r.harmlessCheckin[1]})`],
    );
  }
  for (const situation of Situation.options) {
    const subset = items.filter((i) => i.message.situation === situation);
    if (subset.length === 0) continue;
    const r = rates(subset);
    const named = subset.filter((i) => i.outcome.situation === situation).length;
    figures.push([
      `${prefix} situation ${situation}`,
      `caught ${ratio(...r.any)}, interrupted ${ratio(...r.interrupt)}, situation right ${ratio(named, subset.length)} (n=${subset.length})`,
    ]);
  }
  const caught = items.filter((i) => i.message.tier !== 'none' && (i.outcome.tier === 'interrupt' || i.outcome.tier === 'checkin'));
  figures.push(
    [`${prefix} situation_accuracy_when_caught`, ratio(caught.filter((i) => i.outcome.situation === i.message.situation).length, caught.length)],
    [`${prefix} who_accuracy_when_caught`, ratio(caught.filter((i) => i.outcome.who === i.message.who).length, caught.length)],
    [`${prefix} language_accuracy_when_caught`, ratio(caught.filter((i) => i.outcome.language === i.message.language).length, caught.length)],
  );
  const totals = {
    anyRecall: all.any[0] / Math.max(1, all.any[1]),
    interruptRecall: all.interrupt[0] / Math.max(1, all.interrupt[1]),
    falseInterrupts: all.falseInterrupt[0] / Math.max(1, all.falseInterrupt[1]),
    harmlessCheckins: all.harmlessCheckin[0] / Math.max(1, all.harmlessCheckin[1]),
  };
  return { figures, totals };
}
