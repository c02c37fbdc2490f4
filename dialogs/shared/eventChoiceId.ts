import type { DialogEvent } from './DialogEvent.js';

/** The id of the chosen option, for actions that run after a `chose`/`choseOneOf` guard passed. */
export function eventChoiceId(event: DialogEvent): string {
  if (event.type !== 'CHOICE') throw new Error(`expected a CHOICE event, got ${event.type}`);
  return event.id;
}
