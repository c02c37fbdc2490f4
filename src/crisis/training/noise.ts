/**
 * Realistic typing noise for training copies, so the model meets the spellings children use:
 * dropped vowels, SMS spellings, doubled letters, missing spaces, all capitals or no capitals.
 * Deterministic for a given random source. Applied to training messages only, never to a message
 * that is measured.
 */
const sms: [RegExp, string][] = [
  [/\byou\b/g, 'u'],
  [/\bare\b/g, 'r'],
  [/\bto\b/g, '2'],
  [/\bfor\b/g, '4'],
  [/\bplease\b/g, 'pls'],
  [/\bthe\b/g, 'da'],
  [/\bwant to\b/g, 'wanna'],
  [/\bgoing to\b/g, 'gonna'],
  [/\bbecause\b/g, 'coz'],
  [/\bnight\b/g, 'nite'],
  [/\bwith\b/g, 'wit'],
  [/\bnisaidie\b/g, 'nsaidie'],
  [/\bsijui\b/g, 'cjui'],
  [/\bsana\b/g, 'sanaa'],
  [/\bkwa sababu\b/g, 'coz'],
];

export function addNoise(text: string, random: () => number): string {
  let out = text;
  const pick = random();
  if (pick < 0.25) {
    for (const [pattern, replacement] of sms) out = out.replace(pattern, replacement);
  } else if (pick < 0.45) {
    // Drop the inner vowels of some longer words: "please" to "pls", "tomorrow" to "tmrw".
    out = out.replace(/\b([a-z])([a-z]{3,})\b/gi, (word, first: string, rest: string) =>
      random() < 0.4 ? first + rest.replace(/[aeiou]/gi, '') : word,
    );
  } else if (pick < 0.6) {
    out = out.replace(/([a-z])/gi, (c) => (random() < 0.06 ? c + c + c : c));
  } else if (pick < 0.75) {
    out = out.replace(/ /g, () => (random() < 0.25 ? '' : ' '));
  } else if (pick < 0.88) {
    out = out.toUpperCase();
  } else {
    out = out.toLowerCase().replace(/[.,!?']/g, '');
  }
  return out;
}
