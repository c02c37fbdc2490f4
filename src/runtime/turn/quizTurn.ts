import type { QuizPush } from '../../../dialogs/shared/QuizPush.js';
import type { DialogId } from '../../domain/DialogId.js';
import type { Locale } from '../../domain/Locale.js';
import type { QuizHub } from '../../quiz/QuizHub.js';
import type { DialogHost } from './DialogHost.js';
import type { Turn } from './Turn.js';

const isQuizDialog = (id: DialogId) => id === 'quizPlayer' || id === 'quizHost';

/**
 * What a turn does with the club quiz: a push from a live quiz reaching the person's quiz dialog
 * (shown, or kept quietly under help), joining by code or by a deep link, and leaving a quiz the
 * person went away from for good.
 */
export class QuizTurn {
  constructor(private readonly quiz: QuizHub) {}

  /**
   * A live quiz moved on (a question, the answer, the end): its dialog hears of it wherever it is.
   * In view, the user sees it; under help, it is kept quietly and shown on "back".
   */
  push(turn: Turn, host: DialogHost, push: QuizPush): void {
    const { session } = turn;
    if (session.dialog && isQuizDialog(session.dialog.id)) return host.send({ type: 'QUIZ', push });
    const stacked = session.resume.findIndex((d) => isQuizDialog(d.id));
    if (stacked < 0) return;
    const current = session.dialog;
    session.dialog = session.resume[stacked]!;
    session.resume = session.resume.filter((_, i) => i !== stacked);
    turn.quietly(() => host.send({ type: 'QUIZ', push }));
    if (session.dialog && isQuizDialog(session.dialog.id)) turn.pushResume(session.dialog);
    session.dialog = current;
  }

  /** A deep link's join code for a new user: set-up first (language, age band, privacy note), then the quiz. */
  setUpThenJoin(turn: Turn, host: DialogHost, code: string): void {
    this.quiz.rememberJoin(turn.key, code);
    turn.clear();
    host.start('onboarding');
  }

  /** A join code kept while a new user set up, now that they reach the menu. */
  takePendingJoin(turn: Turn): string | null {
    return turn.session.audience ? this.quiz.takePendingJoin(turn.key) : null;
  }

  /** "join CODE": into the club quiz with that code, in the language the word was in. */
  join(turn: Turn, host: DialogHost, code: string, locale: Locale | null): 'joined' | 'not' {
    if (locale && !turn.session.audience) turn.session.locale = locale;
    const joined = this.quiz.join(turn.key, turn.address, code);
    if (!Array.isArray(joined)) {
      turn.say({ key: `quiz:join.${joined}` });
      return 'not';
    }
    const [first, ...rest] = joined;
    turn.clear();
    host.start('quizPlayer', { push: first ?? null });
    for (const push of rest) host.send({ type: 'QUIZ', push });
    return 'joined';
  }

  /** A child in a quiz who went elsewhere for good (stop, the menu, forget me) has left it. */
  leaveForgotten(turn: Turn): void {
    if (!this.quiz.isIn(turn.key)) return;
    const { session } = turn;
    const open = !turn.erased && [session.dialog, ...session.resume].some((d) => d && isQuizDialog(d.id));
    if (!open) this.quiz.abandon(turn.key);
  }
}
