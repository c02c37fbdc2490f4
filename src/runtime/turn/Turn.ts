import type { ChoiceRef, Message } from '../../../dialogs/shared/Message.js';
import type { QuizPush } from '../../../dialogs/shared/QuizPush.js';
import type { DialogId } from '../../domain/DialogId.js';
import type { Translator } from '../../i18n/Translator.js';
import type { MonitoringPayload } from '../../events/MonitoringEvent.js';
import type { QuizAddress } from '../../quiz/QuizDeliveries.js';
import { promptVersion } from '../promptVersion.js';
import type { RenderedMessage } from '../RenderedMessage.js';
import type { ShownChoice } from '../resolveChoice.js';
import type { DialogState, SessionRecord } from '../SessionRecord.js';
import type { TurnResult } from '../TurnResult.js';
import { withGlobalChoices } from '../withGlobalChoices.js';

/** How many interrupted dialogs are remembered: enough for help during "forget me" during a lesson. */
export const resumeDepth = 3;

/**
 * One turn in progress: the session being changed (the dialog in progress and the stack of dialogs
 * to go back to), and what the turn says and records. Rendering happens here, in the user's language
 * at the moment a message is said (a language change applies from the next message).
 */
export class Turn {
  readonly messages: RenderedMessage[] = [];
  readonly events: MonitoringPayload[] = [];
  /** "Forget me": the session is deleted at the end of the turn. */
  erased = false;
  /** The platform's copy of the chat is cleared where it can be. */
  eraseChat = false;
  /** Dialogs started in this turn, to stop a loop between dialogs. */
  started = 0;
  /** What the quiz hub answered a dialog's request with, to be handed back to that dialog. */
  replies: QuizPush[] = [];
  /** A choice came from an old keyboard. */
  stale = false;

  constructor(
    readonly key: string,
    /** The chat, in memory for this turn only: the quiz hub keeps it while a quiz lasts, to reach the user. */
    readonly address: QuizAddress,
    readonly session: SessionRecord,
    private readonly translator: Translator,
  ) {}

  /** Say a message: rendered now, with the dialog's global choices (help, menu) under a question. */
  say(message: Message, dialog?: DialogId): void {
    const { locale } = this.session;
    const isQuestion = Boolean(message.choices?.length || message.acceptsText);
    const choices: ChoiceRef[] = withGlobalChoices(message.choices ?? [], isQuestion && dialog ? dialog : null);
    this.messages.push({
      key: message.key,
      text: this.translator.render(locale, message),
      choices: choices.map((c) => {
        const short = this.translator.shortLabel(locale, c);
        return { id: c.id, label: this.translator.label(locale, c), ...(short ? { short } : {}) };
      }),
      ...(message.requestsLocation ? { locationButton: this.translator.t(locale, 'common:shareLocation') } : {}),
    });
  }

  /**
   * Put the dialog in progress on the stack to go back to (help, language or forget-me offer "back"
   * to it). Help itself is not stacked under help again, but is under a language change.
   */
  stash(keepHelp = false): void {
    const { session } = this;
    if (session.dialog && (keepHelp || session.dialog.id !== 'help')) this.pushResume(session.dialog);
    session.dialog = null;
  }

  /** Add a dialog on top of the stack, which keeps the last few. */
  pushResume(state: DialogState): void {
    this.session.resume = [...this.session.resume, state].slice(-resumeDepth);
  }

  /** Run `fn` without showing what it says (a quiz moving on under help: shown on "back"). */
  quietly(fn: () => void): void {
    const shown = this.messages.length;
    try {
      fn();
    } finally {
      this.messages.splice(shown);
    }
  }

  /** Nothing in progress and nothing to go back to (stop, exit, a quiz joined, a failure). */
  clear(): void {
    this.session.dialog = null;
    this.session.resume = [];
  }

  /** The question the dialog in progress waits on, as it asked it. */
  prompt(): Message | null {
    const context = (this.session.dialog?.snapshot as { context?: { prompt?: Message | null } } | undefined)?.context;
    return context?.prompt ?? null;
  }

  /** The version of the question now waiting for an answer, if any. */
  waitingVersion(): string | undefined {
    const prompt = this.prompt();
    const dialog = this.session.dialog;
    return prompt && dialog ? promptVersion(dialog.id, prompt) : undefined;
  }

  /**
   * The choices shown under the waiting question, with labels in every language, for typed replies.
   * The menu's items also answer to the words people type for them ("lessons", "masomo", "places near me").
   */
  shownChoices(): ShownChoice[] {
    const prompt = this.prompt();
    const dialog = this.session.dialog;
    if (!prompt || !dialog) return [];
    return withGlobalChoices(prompt.choices ?? [], dialog.id).map((c) => ({
      id: c.id,
      labels: [...this.translator.labelsEverywhere(c), ...(dialog.id === 'menu' ? this.translator.wordsIfAny(`menu:typed.${c.id}`) : [])],
    }));
  }

  /** What the channel gets: the buttons shown belong to the question the session now waits on, however it was said. */
  result(): TurnResult {
    const version = this.messages.some((m) => m.choices.length > 0) ? this.waitingVersion() : undefined;
    return {
      locale: this.session.locale,
      messages: this.messages,
      events: this.events,
      eraseChat: this.eraseChat,
      ...(version ? { version } : {}),
      ...(this.stale ? { stale: true } : {}),
      ...(this.session.heard && !this.erased ? { heard: this.session.heard } : {}),
    };
  }
}
