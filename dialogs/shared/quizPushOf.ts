import type { DialogEvent } from './DialogEvent.js';
import type { QuizPush } from './QuizPush.js';

/** The push a QUIZ event carries, or null for any other event. */
export function quizPushOf(event: DialogEvent): QuizPush | null {
  return event.type === 'QUIZ' ? event.push : null;
}

/** A guard: the event is a QUIZ push of this type. */
export const isQuizPush =
  (type: QuizPush['type']) =>
  ({ event }: { event: DialogEvent }): boolean =>
    quizPushOf(event)?.type === type;
