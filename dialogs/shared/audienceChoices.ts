import { Audience } from '../../src/domain/Audience.js';
import type { ChoiceRef } from './Message.js';

/** The age bands and adult roles a user picks from (design.md, rule 8). */
export const audienceChoices: ChoiceRef[] = Audience.options.map((id) => ({ id, key: `common:audience.${id}` }));
