import type { DialogEvent } from '../../../dialogs/shared/DialogEvent.js';
import type { DialogOutput } from '../../../dialogs/shared/DialogIO.js';
import type { CrisisDetector, SmallTalkKind } from '../../crisis/CrisisDetector.js';
import type { DialogId } from '../../domain/DialogId.js';
import type { Locale } from '../../domain/Locale.js';
import type { CommandMatcher } from '../CommandMatcher.js';
import type { Command, Inbound } from '../Inbound.js';
import { resolveChoice } from '../resolveChoice.js';
import { CrisisTurn, type CrisisTurnDeps } from './crisisTurn.js';
import type { DialogHost } from './DialogHost.js';
import type { QuizTurn } from './quizTurn.js';
import type { Turn } from './Turn.js';

export interface DialogWideDeps extends CrisisTurnDeps {
  crisis: CrisisDetector;
  commands: CommandMatcher;
}

/** A letter or an emoji: words to read. "9", "", "..." are a slip on the keypad. */
const wordsOrEmoji = /\p{L}|\p{Extended_Pictographic}/u;

/**
 * The dialog-wide layer of one turn: everything that works the same in every state of every
 * dialog, in this order: a join code, commands, a choice on screen (typed or tapped), Back, crisis
 * detection, a call asked for, text the dialog takes, small talk, a check-in; media and locations;
 * and where a finished dialog leads.
 */
export class DialogWide {
  private readonly crisisTurn: CrisisTurn;

  constructor(
    private readonly deps: DialogWideDeps,
    private readonly quiz: QuizTurn,
    private readonly turn: Turn,
    private readonly host: DialogHost,
  ) {
    this.crisisTurn = new CrisisTurn(deps, turn, host);
  }

  route(inbound: Inbound): void {
    const { turn, host } = this;
    switch (inbound.type) {
      case 'command':
        return this.command(inbound.command);
      case 'media': {
        turn.events.push({ type: 'media_refused', kind: inbound.kind });
        // The warning about sexual images belongs to photos and videos, not to a voice note or a sticker.
        const refused = inbound.kind === 'photo' || inbound.kind === 'video' ? 'mediaRefused' : inbound.kind === 'voice' || inbound.kind === 'audio' ? 'voiceRefused' : 'fileRefused';
        turn.say({ key: `common:${refused}` });
        const signal = inbound.caption ? this.deps.crisis.detect(inbound.caption) : null;
        if (signal?.kind !== 'crisis') return this.carryOn();
        return signal.tier === 'interrupt' ? this.crisisTurn.interrupt(signal, inbound.caption ?? '') : this.crisisTurn.checkin(signal);
      }
      case 'location': {
        const located: DialogEvent = { type: 'LOCATION', latitude: inbound.latitude, longitude: inbound.longitude };
        if (host.accepts(located)) return host.send(located);
        turn.say({ key: 'common:locationUnexpected' });
        return this.carryOn();
      }
      case 'choice':
        return this.choice(inbound.id, inbound.version);
      case 'text':
        return this.text(inbound.text);
      case 'quiz':
        return this.quiz.push(turn, host, inbound.push);
      case 'join':
        if (turn.session.audience) return this.join(inbound.code, null);
        return this.quiz.setUpThenJoin(turn, host, inbound.code);
    }
  }

  /**
   * The dialog in progress changed in a release and its stored place is gone: one kind line, then
   * the nearest sensible place (the lessons list, whose progress is kept apart, or the menu). Typed
   * words are still read as usual, so a message about danger is never lost to an update.
   */
  startAgain(lost: DialogId, inbound: Inbound): void {
    this.turn.say({ key: 'common:updated' });
    if (inbound.type === 'text' || inbound.type === 'media' || inbound.type === 'location') return this.route(inbound);
    this.startNearest(lost);
  }

  /** The lessons list for a learner whose lesson could not go on, else the default place. */
  startNearest(lost: DialogId | undefined): void {
    if (lost === 'lessons' && this.turn.session.audience) return this.host.start('lessons');
    this.host.startDefault();
  }

  /** Where a finished dialog leads: another dialog, back to where the user was, or an erasure. */
  follow(output: DialogOutput): void {
    const { turn, host } = this;
    const { session } = turn;
    switch (output.next) {
      case 'end':
        return;
      case 'eraseChat':
        turn.eraseChat = true;
        turn.say({ key: 'common:chatErased' });
        return host.startDefault();
      case 'erase':
        turn.erased = true;
        turn.eraseChat = true;
        turn.clear();
        session.audience = null;
        turn.events.push({ type: 'forget_me' });
        return turn.say({ key: 'common:erased' });
      case 'resume':
        session.dialog = session.resume.pop() ?? null;
        return session.dialog ? this.reprompt() : host.startDefault();
      case 'menu': {
        session.resume = [];
        const code = this.quiz.takePendingJoin(turn);
        if (code) return this.join(code, null);
        return host.startDefault();
      }
      default:
        return host.start(output.next, { topic: output.topic ?? null, county: output.county ?? null });
    }
  }

  private command(command: Command): void {
    const { turn, host } = this;
    const { session } = turn;
    switch (command) {
      case 'help':
        turn.stash();
        return host.start(command);
      case 'language':
      case 'forget':
        // Help's own steps are a place to come back to after a language change, unlike help again.
        turn.stash(true);
        return host.start(command);
      case 'leave':
        // "leave" is the Leave choice where one is offered (a lesson, a quiz), and otherwise "stop".
        if (host.accepts({ type: 'CHOICE', id: 'leave' })) return host.send({ type: 'CHOICE', id: 'leave' });
        turn.clear();
        return turn.say({ key: 'common:stopped' });
      case 'stop':
        turn.clear();
        return turn.say({ key: 'common:stopped' });
      case 'exit':
        // A quick exit for a child whose phone someone else checks: no question, the chat cleared
        // where the platform allows, and one neutral line left.
        turn.clear();
        turn.eraseChat = true;
        return turn.say({ key: 'common:exited' });
      case 'start':
      case 'menu':
        if (!session.audience) {
          if (session.dialog?.id !== 'onboarding') return host.start('onboarding');
          if (command === 'menu') turn.say({ key: 'common:finishSetupFirst' });
          return this.reprompt();
        }
        session.resume = [];
        return host.start('menu');
    }
  }

  /**
   * A choice. One pressed on an old keyboard (its question's version is not the one waiting, as
   * the stored session says, whichever instance took the press) does not count: the question now
   * waiting is shown again. Help and menu count from any keyboard.
   */
  private choice(id: string, version?: string): void {
    const { turn, host } = this;
    if (id === 'help' || id === 'menu') return this.command(id);
    if (version !== undefined && version !== turn.waitingVersion()) {
      turn.stale = true;
      return this.reprompt();
    }
    if (!turn.session.dialog) return host.startDefault();
    const event: DialogEvent = { type: 'CHOICE', id };
    if (host.accepts(event)) return host.send(event);
    this.notUnderstood();
  }

  /**
   * Typed text: a command; else a choice on screen (typing a label means the choice, even when its
   * words are about abuse); else what crisis detection sees: an interrupt with emergency guidance
   * for the situation, or, for a question about a topic ("what is sextortion?"), that topic's help
   * page; else free text for the dialog, if it takes any; else small talk, answered kindly; else, for
   * a message detection could not clear, a gentle check-in; only then "I didn't understand".
   */
  private text(text: string): void {
    const { turn, host } = this;
    const join = this.deps.commands.matchJoin(text);
    if (join) return this.join(join.code, join.locale);
    const command = this.deps.commands.match(text);
    if (command) return this.command(command);
    const shown = turn.shownChoices();
    const chosen = resolveChoice(text, shown);
    if (chosen) return this.choice(chosen);
    // "back" / "rudi" takes the Back choice where one is shown; elsewhere it is no words to worry about.
    if (this.deps.commands.isBack(text)) return shown.some((c) => c.id === 'back') ? this.choice('back') : this.notUnderstood();
    // No letter and no emoji ("9", "", "..."): a slip on the keypad, not words to read.
    const signal = wordsOrEmoji.test(text) ? this.deps.crisis.detect(text) : null;
    if (signal?.kind === 'crisis' && signal.tier === 'interrupt') return this.crisisTurn.interrupt(signal, text);
    if (signal?.kind === 'topic') {
      turn.stash();
      return host.start('help', { topic: signal.topic });
    }
    // "Please call me": the bot cannot; a phone number only when the question does not take one as text (a patron code).
    const call = this.deps.commands.asksForACall(text);
    if (call === 'words') return this.cannotCall(text);
    if (host.accepts({ type: 'TEXT', text })) return host.send({ type: 'TEXT', text });
    if (call === 'number') return this.cannotCall(text);
    if (signal?.kind === 'smallTalk') return this.smallTalk(signal.smallTalk);
    if (signal?.kind === 'crisis') return this.crisisTurn.checkin(signal);
    if (!turn.session.dialog) return host.startDefault();
    this.notUnderstood();
  }

  /** "join CODE": into the club quiz with that code; a code that does not work is said, and the question asked again. */
  private join(code: string, locale: Locale | null): void {
    if (this.quiz.join(this.turn, this.host, code, locale) === 'joined') return;
    if (this.turn.session.dialog) this.reprompt();
    else this.host.startDefault();
  }

  /**
   * Someone asks the bot to call or text them: it cannot, but 116 can be called or sent an SMS.
   * What else the message says ("nipigie, nimechoka") may still be worrying: then the check-in.
   */
  private cannotCall(text: string): void {
    const rest = this.deps.commands.withoutCallWords(text);
    const signal = wordsOrEmoji.test(rest) ? this.deps.crisis.detect(rest) : null;
    if (signal?.kind === 'crisis') return this.crisisTurn.checkin(signal, { key: 'common:cannotCall' });
    this.turn.say({ key: 'common:cannotCall' });
    this.carryOn();
  }

  /** "hi", "asante", "ok": a friendly line and the choices on screen; never a check-in. */
  private smallTalk(kind: SmallTalkKind): void {
    this.choicesAgain(`help:smallTalk.${kind}`);
  }

  /** The question waiting for an answer, said again in full (after going back to a dialog). */
  private reprompt(): void {
    const prompt = this.turn.prompt();
    const dialog = this.turn.session.dialog;
    if (!prompt || !dialog) return this.host.startDefault();
    this.turn.say(prompt, dialog.id);
  }

  /** After media or a location: the same choices again, under a short line. */
  private carryOn(): void {
    this.choicesAgain('common:carryOn');
  }

  /** A short, kind "I didn't understand" with the choices again: never silence. */
  private notUnderstood(): void {
    this.choicesAgain('common:notUnderstood');
  }

  /** The choices of the question waiting, under a short line of their own (or the default dialog when none waits). */
  private choicesAgain(key: string): void {
    const prompt = this.turn.prompt();
    const dialog = this.turn.session.dialog;
    if (!prompt || !dialog) return this.host.startDefault();
    this.turn.say({ ...prompt, key, vars: {}, items: [] }, dialog.id);
  }
}
