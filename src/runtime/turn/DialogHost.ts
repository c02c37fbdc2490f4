import { createActor, type Actor } from 'xstate';
import type { Dialogs } from '../../../dialogs/createDialogs.js';
import { dialogVersions } from '../../../dialogs/dialogVersions.js';
import type { DialogEmitted } from '../../../dialogs/shared/DialogEmitted.js';
import type { DialogEvent } from '../../../dialogs/shared/DialogEvent.js';
import type { DialogInput, DialogOutput } from '../../../dialogs/shared/DialogIO.js';
import type { QuizPush } from '../../../dialogs/shared/QuizPush.js';
import type { DialogId } from '../../domain/DialogId.js';
import { noLessonProgress } from '../../domain/LessonProgress.js';
import type { Locale } from '../../domain/Locale.js';
import type { QuizHub } from '../../quiz/QuizHub.js';
import { DialogError } from '../DialogError.js';
import { DialogState } from '../SessionRecord.js';
import type { Turn } from './Turn.js';

type DialogActor = Actor<Dialogs[DialogId]>;

/** How a dialog starts: opened by crisis detection or a check-in, with a topic, a county, a quiz push. */
export interface StartOptions {
  crisis?: boolean;
  checkin?: boolean;
  topic?: string | null;
  county?: string | null;
  offerLocale?: Locale | null;
  push?: QuizPush | null;
}

export interface DialogHostDeps {
  dialogs: Dialogs;
  quiz: QuizHub;
}

/**
 * Runs the dialog machines for one turn, and is the only runtime file that imports XState. It
 * restores the stored snapshot once (asking `can()` and sending on the same actor), starts dialogs,
 * hands the quiz hub's answers back to the dialog that asked, keeps the persisted snapshot with its
 * machine's version, and passes a finished dialog's output to `follow`.
 */
export class DialogHost {
  /** The stored dialog, restored once this turn, with the stored state it was restored from. */
  private restored: { state: DialogState; actor: DialogActor } | null = null;

  constructor(
    private readonly deps: DialogHostDeps,
    private readonly turn: Turn,
    private readonly follow: (output: DialogOutput) => void,
  ) {}

  start(id: DialogId, options: StartOptions = {}): void {
    if (++this.turn.started > 5) throw new DialogError('too many dialogs started in one turn', id);
    this.close();
    const actor = this.actor(id, undefined, options);
    this.answerRequests(actor);
    this.settle(id, actor);
  }

  /** The default place: the menu, or set-up for someone not set up yet. */
  startDefault(): void {
    this.start(this.turn.session.audience ? 'menu' : 'onboarding');
  }

  /** Send an event to the dialog in progress (or start the default dialog when there is none). */
  send(event: DialogEvent): void {
    const state = this.turn.session.dialog;
    if (!state) return this.startDefault();
    const actor = this.restore(state);
    this.restored = null;
    actor.send(event);
    this.answerRequests(actor);
    this.settle(state.id, actor);
  }

  /** Whether the dialog in progress has a transition for this event, checked without running it. */
  accepts(event: DialogEvent): boolean {
    const state = this.turn.session.dialog;
    return state ? this.restore(state).getSnapshot().can(event) : false;
  }

  /** Stop an actor restored this turn and not used (only asked `can()`). */
  close(): void {
    this.restored?.actor.stop();
    this.restored = null;
  }

  private restore(state: DialogState): DialogActor {
    if (this.restored?.state === state) return this.restored.actor;
    this.close();
    const actor = this.actor(state.id, state.snapshot);
    this.restored = { state, actor };
    return actor;
  }

  /** Hand the quiz hub's answers back to the dialog that asked, until it asks nothing more. */
  private answerRequests(actor: DialogActor): void {
    const { turn } = this;
    for (let push = turn.replies.shift(); push; push = turn.replies.shift()) {
      if (actor.getSnapshot().status !== 'active') break;
      actor.send({ type: 'QUIZ', push });
    }
    turn.replies = [];
  }

  /** Create and start a dialog's actor, wired so that what it emits lands in this turn. */
  private actor(id: DialogId, snapshot?: Record<string, unknown>, options: StartOptions = {}): DialogActor {
    const { session } = this.turn;
    let failure: unknown;
    const input: DialogInput = {
      locale: session.locale,
      audience: session.audience,
      canResume: session.resume.length > 0,
      crisis: options.crisis ?? false,
      checkin: options.checkin ?? false,
      topic: options.topic ?? null,
      county: options.county ?? null,
      offerLocale: options.offerLocale ?? null,
      lessons: session.lessons ?? noLessonProgress(),
      push: options.push ?? null,
    };
    // A restored snapshot carries its own context; input only shapes a new one.
    const actor = createActor(this.deps.dialogs[id] as Dialogs['menu'], {
      input,
      ...(snapshot ? { snapshot: snapshot as never } : {}),
    }) as DialogActor;
    actor.on('*', (emitted) => this.onEmitted(id, emitted as DialogEmitted));
    actor.subscribe({ error: (error) => (failure = error) });
    try {
      actor.start();
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined || actor.getSnapshot().status === 'error') {
      throw new DialogError(`dialog could not start or restore: ${String(failure)}`, id, snapshot !== undefined);
    }
    return actor;
  }

  /** After an event: keep the dialog's persisted snapshot, or follow where its final state leads. */
  private settle(id: DialogId, actor: DialogActor): void {
    const snapshot = actor.getSnapshot();
    // Taken before stopping: a snapshot persisted as "stopped" would not run eventless transitions when restored.
    const persisted = actor.getPersistedSnapshot();
    actor.stop();
    if (snapshot.status === 'error') throw new DialogError(`dialog failed: ${String(snapshot.error)}`, id);
    if (snapshot.status !== 'done') {
      this.turn.session.dialog = DialogState.parse({ id, version: dialogVersions[id], snapshot: persisted });
      return;
    }
    this.turn.session.dialog = null;
    this.follow(snapshot.output as DialogOutput);
  }

  private onEmitted(id: DialogId, emitted: DialogEmitted): void {
    const { turn } = this;
    switch (emitted.type) {
      case 'say':
        return turn.say(emitted.message, id);
      case 'monitor':
        turn.events.push(emitted.payload);
        return;
      case 'prefs':
        if (emitted.locale) {
          turn.session.locale = emitted.locale;
          turn.events.push({ type: 'locale_set', locale: emitted.locale });
        }
        if (emitted.audience) turn.session.audience = emitted.audience;
        return;
      case 'lessons':
        turn.session.lessons = emitted.progress;
        return;
      case 'quiz':
        turn.replies.push(...this.deps.quiz.request(turn.key, turn.address, emitted.request));
    }
  }
}
