import type { ChoiceRef } from '../../dialogs/shared/Message.js';
import type { DialogId } from '../domain/DialogId.js';

const help: ChoiceRef = { id: 'help', key: 'common:choice.help' };
const menu: ChoiceRef = { id: 'menu', key: 'common:choice.menu' };

/**
 * The choices the engine adds under every question, so help is always one tap or one number away
 * (design.md, rule 3): always the last choice. Help itself offers its own way back instead, and
 * the menu and first-time set-up have no menu to go back to.
 */
export function globalChoices(dialog: DialogId): ChoiceRef[] {
  if (dialog === 'help') return [];
  if (dialog === 'onboarding' || dialog === 'menu') return [help];
  return [menu, help];
}
