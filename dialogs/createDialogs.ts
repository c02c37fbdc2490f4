import type { DialogId } from '../src/domain/DialogId.js';
import { QuizBank } from '../src/quiz/QuizBank.js';
import type { Seeds } from '../src/seeds/loadSeeds.js';
import { audienceMachine } from './audienceMachine.js';
import { forgetMachine } from './forgetMachine.js';
import { createHelpMachine } from './helpMachine.js';
import { languageMachine } from './languageMachine.js';
import { createLessonsMachine } from './lessonsMachine.js';
import { menuMachine } from './menuMachine.js';
import { onboardingMachine } from './onboardingMachine.js';
import { createQuizHostMachine } from './quizHostMachine.js';
import { quizPlayerMachine } from './quizPlayerMachine.js';
import { createReferralMachine } from './referralMachine.js';
import { settingsMachine } from './settingsMachine.js';

/**
 * Every dialog the engine can run, by id. Machines driven by seed data are built here from the
 * validated seeds, once at start-up (with the app's one QuizBank). A new feature adds its machine here
 * and its id to DialogId.
 */
export function createDialogs(seeds: Seeds, bank = new QuizBank(seeds.lessons, seeds.quiz)) {
  return {
    onboarding: onboardingMachine,
    menu: menuMachine,
    lessons: createLessonsMachine(seeds.lessons),
    quizHost: createQuizHostMachine(bank),
    quizPlayer: quizPlayerMachine,
    help: createHelpMachine(seeds.helpGuide, seeds),
    referral: createReferralMachine(seeds),
    settings: settingsMachine,
    language: languageMachine,
    audience: audienceMachine,
    forget: forgetMachine,
  } satisfies Record<DialogId, unknown>;
}

export type Dialogs = ReturnType<typeof createDialogs>;
