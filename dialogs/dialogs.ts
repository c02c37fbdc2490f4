import type { DialogId } from '../src/domain/DialogId.js';
import { audienceMachine } from './audienceMachine.js';
import { forgetMachine } from './forgetMachine.js';
import { helpMachine } from './helpMachine.js';
import { languageMachine } from './languageMachine.js';
import { menuMachine } from './menuMachine.js';
import { onboardingMachine } from './onboardingMachine.js';
import { settingsMachine } from './settingsMachine.js';

/** Every dialog the engine can run, by id. A new feature adds its machine here and its id to DialogId. */
export const dialogs = {
  onboarding: onboardingMachine,
  menu: menuMachine,
  help: helpMachine,
  settings: settingsMachine,
  language: languageMachine,
  audience: audienceMachine,
  forget: forgetMachine,
} satisfies Record<DialogId, unknown>;
