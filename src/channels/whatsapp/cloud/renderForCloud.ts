import type { RenderedMessage } from '../../../runtime/RenderedMessage.js';
import { encodeChoiceData } from '../../shared/choiceData.js';
import { formatNumbered } from '../../shared/formatNumbered.js';
import { splitText } from '../../shared/splitText.js';

/** The Cloud API's limits (facts.md): a text, an interactive body, buttons and list rows. */
export const cloudLimits = {
  text: 4096,
  body: 1024,
  buttons: 3,
  buttonTitle: 20,
  rows: 10,
  rowTitle: 24,
  rowDescription: 72,
  listButton: 20,
  /** A reply button's id may hold 256 characters and a row's 200: the smaller bounds both. */
  choiceData: 200,
} as const;

/** One message for the Cloud API, before the client library builds its request. */
export type CloudOutgoing =
  | { kind: 'text'; body: string }
  | { kind: 'buttons'; body: string; buttons: { id: string; title: string }[] }
  | { kind: 'list'; body: string; button: string; rows: { id: string; title: string; description?: string }[] }
  | { kind: 'location'; body: string };

/** The words a channel adds around a reply, in the user's language. */
export interface CloudWords {
  /** "Reply with a number", under numbered choices. */
  hint: string;
  /** The button that opens a list ("Choose"). */
  listButton: string;
  /** The text above WhatsApp's own "Send location" button. */
  shareLocation: string;
}

/**
 * One reply as Cloud API messages. Up to 3 choices are reply buttons and 4 to 10 a list, each
 * labelled with the choice's label or, where that is too long, its short label from the locales
 * (a list row then shows the whole label under it). More choices, or a label with no short form
 * that fits, and the reply is plain text with numbered choices, as on WhatsApp Web: a typed number
 * works everywhere. A body over 1,024 characters is split, its start sent as text first. A dialog
 * that asks for a location gets WhatsApp's location-request message after its question.
 */
export function renderForCloud(message: RenderedMessage, words: CloudWords, version?: string): CloudOutgoing[] {
  const out = layOut(message, words, version);
  if (message.locationButton) out.push({ kind: 'location', body: words.shareLocation });
  return out;
}

function layOut(message: RenderedMessage, words: CloudWords, version?: string): CloudOutgoing[] {
  const { choices } = message;
  if (choices.length === 0) return texts(message.text);
  const ids = choices.map((c) => encodeChoiceData(c.id, version, cloudLimits.choiceData));
  if (ids.some((id) => id === null)) return texts(formatNumbered(message, words.hint));
  if (choices.length <= cloudLimits.buttons) {
    const titles = choices.map((c) => fit(c, cloudLimits.buttonTitle));
    if (titles.every((t) => t !== undefined) && new Set(titles).size === titles.length) {
      return withBody(message.text, (body) => ({ kind: 'buttons', body, buttons: choices.map((_, i) => ({ id: ids[i]!, title: titles[i]! })) }));
    }
  }
  if (choices.length <= cloudLimits.rows) {
    const titles = choices.map((c) => fit(c, cloudLimits.rowTitle));
    if (titles.every((t) => t !== undefined) && new Set(titles).size === titles.length) {
      const rows = choices.map((c, i) => {
        const title = titles[i]!;
        const description = title === c.label ? undefined : shorten(c.label, cloudLimits.rowDescription);
        return { id: ids[i]!, title, ...(description ? { description } : {}) };
      });
      return withBody(message.text, (body) => ({ kind: 'list', body, button: shorten(words.listButton, cloudLimits.listButton), rows }));
    }
  }
  return texts(formatNumbered(message, words.hint));
}

/** The label if it fits, else the short label if that does. */
function fit(choice: RenderedMessage['choices'][number], limit: number): string | undefined {
  if (choice.label.length <= limit) return choice.label;
  if (choice.short !== undefined && choice.short.length <= limit) return choice.short;
  return undefined;
}

/** Texts of at most 4,096 characters, split at paragraphs. */
function texts(text: string): CloudOutgoing[] {
  return splitText(text, cloudLimits.text).map((body) => ({ kind: 'text', body }));
}

/** An interactive message whose body holds the end of `text`; what does not fit goes first, as text. */
function withBody(text: string, build: (body: string) => CloudOutgoing): CloudOutgoing[] {
  const parts = splitText(text, cloudLimits.body);
  const body = parts.pop() ?? text;
  const lead = parts.length > 0 ? texts(parts.join('\n\n')) : [];
  return [...lead, build(body)];
}

/** At most `limit` characters, cut between words with "…" (a description under a short title). */
function shorten(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > limit / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
