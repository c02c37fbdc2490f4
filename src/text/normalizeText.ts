const leet: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
const leetChar = /[013457@$]/;

/**
 * Words as a person meant them: lower case, no accents, leetspeak undone inside words ("nud3s", but
 * "116" stays a number), repeated letters folded ("heeelp" and "help" both become "help"; "kill"
 * becomes "kil", which is fine because both sides of every comparison pass through here), and
 * punctuation or hyphens as word breaks ("ni-send"). `synonyms` then maps SMS and Sheng spellings.
 * It runs on every message, so it avoids per-word work that most messages do not need.
 */
export function normalizeText(text: string, synonyms: Readonly<Record<string, string>> = {}): string[] {
  let plain = text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  if (leetChar.test(plain)) plain = plain.replace(/\S+/g, undoLeet);
  const words: string[] = [];
  for (const word of plain.replace(/'/g, '').replace(/[^a-z0-9*]+/g, ' ').replace(/([a-z])\1+/g, '$1').split(' ')) {
    if (!word) continue;
    // Own keys only: "constructor" is a word a user may type, not a synonym.
    const synonym = Object.hasOwn(synonyms, word) ? synonyms[word] : undefined;
    if (synonym === undefined) words.push(word);
    else words.push(...synonym.split(' '));
  }
  return words;
}

function undoLeet(word: string): string {
  return /[a-z]/.test(word) ? word.replace(/[013457@$]/g, (c) => leet[c] ?? c) : word;
}
