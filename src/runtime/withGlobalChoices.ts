import type { ChoiceRef } from '../../dialogs/shared/Message.js';
import type { DialogId } from '../domain/DialogId.js';

const help: ChoiceRef = { id: 'help', key: 'common:choice.help' };
const menu: ChoiceRef = { id: 'menu', key: 'common:choice.menu' };

/**
 * A question's choices with the ones the engine adds under every question, so help is always one
 * tap or one number away (design.md, rule 3): always the last choice. Help itself offers its own
 * way back instead, the menu and first-time set-up have no menu to go back to, and a choice the
 * dialog already offers is not repeated. `dialog` null means the message is not a question.
 */
export function withGlobalChoices(choices: ChoiceRef[], dialog: DialogId | null): ChoiceRef[] {
  if (dialog === null || dialog === 'help') return choices;
  // In a quiz, a number is almost always an answer: only help is added, so a stray "2" cannot leave it.
  const globals = dialog === 'onboarding' || dialog === 'menu' || dialog === 'quizPlayer' ? [help] : [menu, help];
  return [...choices, ...globals.filter((g) => !choices.some((c) => c.id === g.id))];
}
