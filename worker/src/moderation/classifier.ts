// The learned classifier: text -> a score from 0 to 1 per moderation category. The model is read
// once (moderationClassifier() at start); scoring is pure and does no I/O.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type ModerationCategory, moderationCategories } from "@chatmod/core/moderation-categories";
import { foldedFeatures } from "./classifier-features.ts";
import { type ClassifierModel, decodeModel } from "./classifier-model.ts";
import { foldForMatching } from "./normalize.ts";

export type CategoryScores = Record<ModerationCategory, number>;

export interface ModerationClassifier {
  readonly model: ClassifierModel;
  /** The first 12 hex digits of the model file's SHA-256: stored with every verdict it scored. */
  readonly version: string;
  score(text: string): CategoryScores;
  /** score() of a text already folded by foldForMatching(). */
  scoreFolded(folded: string): CategoryScores;
}

/** The committed model, next to its card (worker/data/moderation-model/README.md). */
export const committedModelPath = fileURLToPath(
  new URL("../../data/moderation-model/moderation-classifier.bin", import.meta.url),
);

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Every category at 0, in the categories' order: the shape of each message's scores. */
const unscored = Object.fromEntries(moderationCategories.map((category) => [category, 0])) as CategoryScores;

export function createClassifier(model: ClassifierModel, version = "unsaved"): ModerationClassifier {
  const { spec, outputs, biases, scales, weights } = model;
  const width = outputs.length;
  const sums = new Int32Array(width);
  let scratch: Int32Array = new Int32Array(4096);
  const scoreFolded = (folded: string): CategoryScores => {
    const features = foldedFeatures(folded, spec, scratch);
    scratch = features.buckets;
    // The hot loop: every feature adds one byte per output. Indices are in range by construction.
    const { buckets, count } = features;
    if (width === 7) {
      // The seven categories, unrolled into locals: each feature's read of the weights, which mostly
      // misses the cache, no longer waits behind the previous feature's stores (7 µs a message, not 11).
      // The first summed in a loop of its own, short enough to have many of those reads in flight at
      // once: they bring each feature's weights into the cache for the other six (2-4 µs less).
      let s0 = 0;
      for (let i = 0; i < count; i++) s0 += weights[buckets[i]! * 7]!;
      let s1 = 0,
        s2 = 0,
        s3 = 0,
        s4 = 0,
        s5 = 0,
        s6 = 0;
      for (let i = 0; i < count; i++) {
        const base = buckets[i]! * 7;
        s1 += weights[base + 1]!;
        s2 += weights[base + 2]!;
        s3 += weights[base + 3]!;
        s4 += weights[base + 4]!;
        s5 += weights[base + 5]!;
        s6 += weights[base + 6]!;
      }
      sums.set([s0, s1, s2, s3, s4, s5, s6]);
    } else {
      sums.fill(0);
      for (let i = 0; i < count; i++) {
        const base = buckets[i]! * width;
        for (let output = 0; output < width; output++) sums[output]! += weights[base + output]!;
      }
    }
    // Features are weighted 1/sqrt(count) so that a long message does not score high for being long.
    const norm = features.count === 0 ? 0 : 1 / Math.sqrt(features.count);
    const scores = { ...unscored };
    for (let output = 0; output < width; output++) {
      const category = outputs[output];
      if (category === undefined) continue;
      scores[category] = sigmoid((biases[output] ?? 0) + (scales[output] ?? 0) * (sums[output] ?? 0) * norm);
    }
    return scores;
  };
  return { model, version, scoreFolded, score: (text) => scoreFolded(foldForMatching(text)) };
}

let loaded: ModerationClassifier | undefined;

/** The committed model's classifier, read from disk on the first call only. */
export function moderationClassifier(): ModerationClassifier {
  if (loaded === undefined) {
    const bytes = readFileSync(committedModelPath);
    loaded = createClassifier(decodeModel(bytes), createHash("sha256").update(bytes).digest("hex").slice(0, 12));
  }
  return loaded;
}
