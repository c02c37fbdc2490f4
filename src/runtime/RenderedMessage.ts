/**
 * A message ready for a channel: its locale key (for tests and transcripts), its text in the
 * user's language, and its choices with labels. Channels only lay it out: keyboard or numbered list.
 */
export interface RenderedMessage {
  key: string;
  text: string;
  choices: { id: string; label: string }[];
  /** The label of a button that shares the user's location, when the dialog asks for it. */
  locationButton?: string;
}
