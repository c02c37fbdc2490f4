import { normalizeText } from '../text/normalizeText.js';
import type { PhraseEvidence } from './PhraseCrisisDetector.js';

/** A sparse feature vector: bucket indices and their values, L2-normalised. */
export interface Features {
  index: Uint32Array;
  value: Float32Array;
}

const emoji = /\p{Extended_Pictographic}/gu;
const letter = /\p{L}/gu;
const upper = /\p{Lu}/gu;
/** Longer messages are read only this far: 4,096 characters is a Telegram message; the start says enough. */
const readChars = 4096;
/** Character n-grams from 3 to 5 letters: cross-validation scored 2 to 5 and 3 to 6 lower. */
const minGram = 3;
const maxGram = 5;
/** The value of each phrase-list verdict, beside a text vector of length 1. */
const phraseStrength = 0.5;

/**
 * The features of a message, hashed into `dims` buckets (a power of two), so that the model needs no
 * vocabulary and copes with words it never saw: word unigrams and bigrams of the normalised words
 * (lower case, accents off, leetspeak undone, repeated letters folded), character 3- to 5-grams of
 * each word with its edges marked (they carry typos, glued Sheng prefixes and SMS spellings), each
 * emoji, shouting in capitals, the length, and the phrase lists' evidence. The text itself is
 * neither kept nor logged.
 */
export function hashedFeatures(text: string, dims: number, phrases: PhraseEvidence | null): Features {
  const counts = new Map<number, number>();
  const mask = dims - 1;
  const add = (feature: string, amount = 1) => {
    const bucket = fnv1a(feature) & mask;
    counts.set(bucket, (counts.get(bucket) ?? 0) + amount);
  };
  const read = text.length > readChars ? text.slice(0, readChars) : text;
  const words = normalizeText(read);
  let previous = '^';
  for (const word of words) {
    add(`w:${word}`);
    add(`b:${previous} ${word}`);
    previous = word;
    const padded = ` ${word} `;
    for (let n = minGram; n <= maxGram; n++) {
      for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`);
    }
  }
  if (words.length > 0) add(`b:${previous} $`);
  for (const match of read.matchAll(emoji)) add(`e:${match[0]}`);
  const letters = read.match(letter)?.length ?? 0;
  if (letters >= 6 && (read.match(upper)?.length ?? 0) / letters > 0.7) add('caps', 2);
  add(`len:${lengthBand(words.length)}`);
  // The phrase lists' verdicts stand apart from the text's own features, at full strength: one
  // feature among hundreds would otherwise be scaled down to nothing by the normalisation.
  const evidence: string[] = [];
  if (phrases) {
    if (phrases.strong) evidence.push('p:strong');
    if (phrases.score >= 2) evidence.push('p:alarm');
    else if (phrases.score > 0) evidence.push('p:some');
    if (phrases.lightHearted) evidence.push('p:play');
    if (phrases.question) evidence.push('p:question');
  }
  const index = new Uint32Array(counts.size + evidence.length);
  const value = new Float32Array(counts.size + evidence.length);
  let norm = 0;
  let k = 0;
  for (const [bucket, count] of counts) {
    const v = Math.log1p(count);
    index[k] = bucket;
    value[k++] = v;
    norm += v * v;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < k; i++) value[i]! *= scale;
  for (const feature of evidence) {
    index[k] = fnv1a(feature) & mask;
    value[k++] = phraseStrength;
  }
  return { index, value };
}

function lengthBand(words: number): string {
  if (words <= 1) return '1';
  if (words <= 3) return '2-3';
  if (words <= 7) return '4-7';
  if (words <= 15) return '8-15';
  if (words <= 40) return '16-40';
  return '41+';
}

/** FNV-1a, 32 bits: fast, stable across runs and machines, good enough for feature hashing. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
