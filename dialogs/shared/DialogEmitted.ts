import type { Audience } from '../../src/domain/Audience.js';
import type { LessonProgress } from '../../src/domain/LessonProgress.js';
import type { Locale } from '../../src/domain/Locale.js';
import type { MonitoringPayload } from '../../src/events/MonitoringEvent.js';
import type { Message } from './Message.js';
import type { QuizRequest } from './QuizRequest.js';

/**
 * What a dialog machine emits while it runs. Machines stay pure: the engine listens,
 * renders `say`, records `monitor` and stores `prefs` and `lessons` progress.
 */
export type DialogEmitted =
  | { type: 'say'; message: Message }
  | { type: 'monitor'; payload: MonitoringPayload }
  | { type: 'prefs'; locale?: Locale; audience?: Audience }
  | { type: 'lessons'; progress: LessonProgress }
  | { type: 'quiz'; request: QuizRequest };
