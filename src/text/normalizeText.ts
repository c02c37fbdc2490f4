const leet: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

/**
 * Words as a person meant them: lower case, no accents, leetspeak undone inside words ("nud3s", but
 * "116" stays a number), repeated letters folded ("heeelp" and "help" both become "help"; "kill"
 * becomes "kil", which is fine because both sides of every comparison pass through here), and
 * punctuation or hyphens as word breaks ("ni-send"). `synonyms` then maps SMS and Sheng spellings.
 */
export function normalizeText(text: string, synonyms: Record<string, string> = {}): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/\s+/)
    .map((word) => (/[a-z]/.test(word) ? word.replace(/[013457@$]/g, (c) => leet[c] ?? c) : word))
    .join(' ')
    .replace(/'/g, '')
    .replace(/[^a-z0-9*]+/g, ' ')
    .replace(/([a-z])\1+/g, '$1')
    .split(' ')
    .filter(Boolean)
    .flatMap((word) => (synonyms[word] ?? word).split(' '));
}
