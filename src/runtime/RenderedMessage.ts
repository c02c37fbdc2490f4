/**
 * A message ready for a channel: its locale key (for tests and transcripts), its text in the
 * user's language, and its choices with labels. Channels only lay it out: keyboard or numbered list.
 */
export interface RenderedMessage {
  key: string;
  text: string;
  /** `short`: a shorter label for small buttons (WhatsApp's 20 characters), where the locale has one. */
  choices: { id: string; label: string; short?: string }[];
  /** The label of a button that shares the user's location, when the dialog asks for it. */
  locationButton?: string;
}
