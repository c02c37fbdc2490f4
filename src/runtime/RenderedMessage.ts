/**
 * A message ready for a channel: its locale key (for tests and transcripts), its text in the
 * user's language, and its choices with labels. Channels only lay it out: keyboard or numbered list.
 */
export interface RenderedMessage {
  key: string;
  text: string;
  choices: { id: string; label: string }[];
  requestsLocation?: boolean;
}
