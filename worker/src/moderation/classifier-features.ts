// The learned classifier's features: hashed word unigrams and bigrams and character n-grams of the
// message after obfuscation folding, so "$h1t" and "shit" share their features. Training and
// inference both call this, so the buckets a model was trained on are the ones it is read with.

import { foldForMatching } from "./normalize.ts";

export interface FeatureSpec {
  /** log2 of the number of hash buckets. */
  bucketBits: number;
  /** Character n-gram lengths, inclusive; charMax 0 turns them off. */
  charMin: number;
  charMax: number;
  wordBigrams: boolean;
}

/** Bucket indices of one message (repeats kept: a feature seen twice counts twice) and their count. */
export interface MessageFeatures {
  buckets: Int32Array;
  count: number;
}

// Distinct seeds keep a word, a bigram and a character n-gram with the same letters apart.
const WORD_SEED = 0x9747b28c;
const BIGRAM_SEED = 0x85ebca6b;
const CHAR_SEED = 0xc2b2ae35;
const FNV_PRIME = 0x01000193;

/** Murmur3's finaliser: FNV alone leaves the low bits, the ones a bucket mask keeps, poorly mixed. */
function finalize(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function hashRange(text: string, start: number, end: number, seed: number): number {
  let h = seed;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Letters, digits and apostrophes make words; folding has already turned look-alikes into letters. */
function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 39 || code >= 0xc0;
}
const runsOfSpace = /\s+/g;
/** Two spaces in a row or another kind of space: without them, the text already has one space between words. */
const otherSpacing = /\s\s|[^\S ]/;

/** The folded text the features are read from: folded, one space between words, padded with spaces. */
function featureText(folded: string): string {
  return ` ${(otherSpacing.test(folded) ? folded.replace(runsOfSpace, " ") : folded).trim()} `;
}

/**
 * The features of a message, written into `scratch` (grown when too small; pass the result's
 * buckets back in to reuse it). Deterministic and allocation-free for messages that fit.
 */
export function messageFeatures(text: string, spec: FeatureSpec, scratch?: Int32Array): MessageFeatures {
  return foldedFeatures(foldForMatching(text), spec, scratch);
}

/** messageFeatures() of a text already folded by foldForMatching() (the rules fold it too: once is enough). */
export function foldedFeatures(foldedText: string, spec: FeatureSpec, scratch?: Int32Array): MessageFeatures {
  const folded = featureText(foldedText);
  const mask = (1 << spec.bucketBits) - 1;
  const charGrams = spec.charMax === 0 ? 0 : (spec.charMax - spec.charMin + 1) * folded.length;
  const needed = charGrams + folded.length + 2;
  const buckets = scratch !== undefined && scratch.length >= needed ? scratch : new Int32Array(needed);
  let count = 0;

  let previousWord = 0;
  let hasPrevious = false;
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    const inWord = i < folded.length && isWordCode(folded.charCodeAt(i));
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      const word = hashRange(folded, start, i, WORD_SEED);
      buckets[count++] = finalize(word) & mask;
      if (spec.wordBigrams && hasPrevious)
        buckets[count++] = finalize(Math.imul(previousWord ^ BIGRAM_SEED, FNV_PRIME) ^ word) & mask;
      previousWord = word;
      hasPrevious = true;
      start = -1;
    }
  }

  if (spec.charMax > 0) {
    for (let i = 0; i < folded.length; i++) {
      let h = CHAR_SEED;
      const last = Math.min(folded.length, i + spec.charMax);
      for (let j = i; j < last; j++) {
        h = Math.imul(h ^ folded.charCodeAt(j), FNV_PRIME);
        if (j - i + 1 >= spec.charMin) buckets[count++] = finalize(h) & mask;
      }
    }
  }
  return { buckets, count };
}
