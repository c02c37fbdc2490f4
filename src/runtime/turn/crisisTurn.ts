import type { Message } from '../../../dialogs/shared/Message.js';
import type { Concern } from '../../crisis/CrisisDetector.js';
import { helpPageFor } from '../../crisis/helpPageFor.js';
import type { Locale } from '../../domain/Locale.js';
import type { PlaceFinder } from '../../referral/PlaceFinder.js';
import type { HelpGuide } from '../../seeds/HelpGuide.js';
import type { DialogHost } from './DialogHost.js';
import type { Turn } from './Turn.js';

export interface CrisisTurnDeps {
  /** Which help page answers what crisis detection saw. */
  helpGuide: HelpGuide;
  /** Finds a county named in a message, for the places shown after an interrupt. */
  places: PlaceFinder;
}

/**
 * What a turn does when crisis detection is concerned: an interrupt with what to do now for the
 * situation, or a gentle check-in; both recorded as closed-set counts, both in the language the
 * message was written in, both with a way back to where the user was.
 */
export class CrisisTurn {
  constructor(
    private readonly deps: CrisisTurnDeps,
    private readonly turn: Turn,
    private readonly host: DialogHost,
  ) {}

  /**
   * Danger or abuse: what to do now for that situation, then its steps (for a caregiver, how to
   * respond to the child, and places in a county the message named), from wherever the user was.
   */
  interrupt(concern: Concern, text: string): void {
    const { turn } = this;
    this.record(concern);
    const offerLocale = this.answerInLanguageOf(concern);
    const topic = helpPageFor(this.deps.helpGuide, concern, turn.session.audience);
    turn.stash();
    this.host.start('help', { crisis: true, topic, county: this.deps.places.mentioned(text)?.code ?? null, offerLocale });
  }

  /**
   * A message that might be worrying: a short, warm question, whose "no, carry on" returns to
   * exactly where the user was; `first` is said before it, in the same language.
   */
  checkin(concern: Concern, first?: Message): void {
    this.record(concern);
    const offerLocale = this.answerInLanguageOf(concern);
    if (first) this.turn.say(first);
    this.turn.stash();
    this.host.start('help', { checkin: true, offerLocale });
  }

  private record(concern: Concern): void {
    this.turn.events.push({
      type: 'crisis_detected',
      tier: concern.tier,
      situation: concern.situation,
      language: concern.language,
      state: this.turn.session.dialog?.id ?? 'menu',
    });
  }

  /**
   * Answer in the language the message was written in (Sheng in Kiswahili), when that is clear and
   * differs from the user's: returns the language to offer back, one tap away.
   */
  private answerInLanguageOf(concern: Concern): Locale | null {
    const written: Locale = concern.language === 'en' ? 'en' : 'sw';
    const { session } = this.turn;
    if (!concern.languageSure || written === session.locale) return null;
    const before = session.locale;
    session.locale = written;
    return before;
  }
}
