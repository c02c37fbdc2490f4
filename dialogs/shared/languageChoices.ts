import { Locale } from '../../src/domain/Locale.js';
import type { ChoiceRef } from './Message.js';

/** One choice per language, each label written in its own language so anyone can find theirs. */
export const languageChoices: ChoiceRef[] = Locale.options.map((id) => ({ id, key: `common:language.${id}` }));
