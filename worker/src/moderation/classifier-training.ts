// Training the classifier: one logistic regression per category over shared hashed features,
// fitted with AdaGrad. Deterministic: rows in file order, shuffled by a seeded generator, no clock.

import { type ModerationCategory, moderationCategories } from "@chatmod/core/moderation-categories";
import { type FeatureSpec, messageFeatures } from "./classifier-features.ts";
import type { ClassifierModel } from "./classifier-model.ts";
import {
  type CorpusCategory,
  type CorpusMessage,
  devSetSource,
  templateSource,
  writtenSource,
} from "./training-corpus.ts";

export interface TrainingSettings {
  spec: FeatureSpec;
  epochs: number;
  learningRate: number;
  /** L2 penalty, applied to the weights a message touches. */
  l2: number;
  /** Weight of a flagged Conversation AI template row: tens of thousands come from a handful of templates. */
  templateWeight: number;
  /**
   * Weight of a clean template row ("I am a gay person"): these are what teaches that mentioning an
   * identity is not abuse, so they are down-weighted less than the flagged ones.
   */
  templateCleanWeight: number;
  /**
   * How far each source's flagged and clean rows are brought to equal weight: 0 leaves them as they
   * are, 1 balances them fully. Sources that are mostly flagged otherwise teach that their topic is abuse.
   */
  classBalance: number;
  /**
   * The same, for a source whose flagged rows are the fewer (Stormfront, ToLD-Br, GermEval): weighting
   * them up to their clean rows teaches the source's topic as abuse and floods its clean text with
   * false positives, so they are brought up less far than a minority of clean rows is.
   */
  flagMinorityBalance: number;
  /**
   * The same for the finer outputs (insult, threat, identity attack, ...), which say what kind of harm
   * once toxicity says there is some (decide.ts). Brought up as far as toxicity's, a forum's few hateful
   * rows (Stormfront) taught the identity-attack output that its neutral sentences naming a race or
   * immigration were attacks; brought up less, they still teach what kind of harm they are.
   */
  fineFlagMinorityBalance: number;
  /**
   * Weight of the messages written for this project (worker/data/moderation-written/): few beside the
   * corpus, and the only ones for harassment, self-harm, banter, quoting and several languages.
   */
  writtenWeight: number;
  /** Weight of the development set's rows: tweets, the closest of the sources to what the rules were built on. */
  devWeight: number;
  /** Weight of a source whose rows all carry one label (Toxic Spans). */
  singleClassWeight: number;
  /** How far each output's positive rows are weighted up to its negatives: 0 not at all, 1 fully. */
  outputBalance: number;
  /** The shuffle's seeds: one fit per seed, averaged (trainWeights). */
  seeds: readonly number[];
}

/** The model's outputs: every category, in the order of its weights. */
export const trainedOutputs: ModerationCategory[] = [...moderationCategories];

const UNKNOWN = -1;
const [Y, N, U] = [1, 0, UNKNOWN];

/**
 * What each finer output (insult, threat, identity_attack, sexual_obscene, harassment, self_harm) should
 * say of a flagged message, by its corpus category. U: the label does not tell (a harassing message may
 * insult too; a row flagged without a finer type says nothing about the finer categories).
 */
const fineTargets: Readonly<Record<CorpusCategory, readonly number[]>> = {
  insult: [Y, N, N, N, U, N],
  threat: [N, Y, N, N, U, N],
  identity_hate: [N, N, Y, N, N, N],
  obscene: [N, N, N, Y, U, N],
  harassment: [U, N, N, N, Y, N],
  self_harm: [U, N, N, N, U, Y],
  toxic: [U, U, U, U, U, U],
  clean: [U, U, U, U, U, U],
};

/** What each output should say of a message: 1, 0, or UNKNOWN (not trained on it). Clean rows are 0 everywhere. */
export function outputTargets(message: CorpusMessage): number[] {
  if (!message.flag) return trainedOutputs.map(() => 0);
  const fine = [...fineTargets[message.category]];
  // HateCheck's threats are threats against a protected group: identity attacks as well.
  if (message.category === "threat" && message.source.includes("hatecheck")) fine[2] = Y;
  return [1, ...fine];
}

/** Mulberry32: a small seeded generator, so the shuffle is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PreparedMessage {
  buckets: Int32Array;
  targets: number[];
  /** The weight toxicity trains with, and the one the finer outputs train with. */
  weight: number;
  fineWeight: number;
}

/**
 * Each message's weight: its source's class balance times the template down-weighting; `fine`: the
 * weight the finer outputs train with (fineFlagMinorityBalance in place of flagMinorityBalance).
 */
function messageWeights(messages: readonly CorpusMessage[], settings: TrainingSettings, fine = false): number[] {
  const counts = new Map<string, { flag: number; clean: number }>();
  for (const message of messages) {
    const count = counts.get(message.source) ?? { flag: 0, clean: 0 };
    count[message.flag ? "flag" : "clean"]++;
    counts.set(message.source, count);
  }
  return messages.map((message) => {
    const count = counts.get(message.source) ?? { flag: 1, clean: 1 };
    const ofClass = message.flag ? count.flag : count.clean;
    const exponent =
      count.flag < count.clean
        ? fine
          ? settings.fineFlagMinorityBalance
          : settings.flagMinorityBalance
        : settings.classBalance;
    // A source with one class only (Toxic Spans: all flagged) has nothing to balance; unchecked, it
    // teaches that its style of English is abuse, so it weighs singleClassWeight.
    const balance =
      count.flag === 0 || count.clean === 0
        ? settings.singleClassWeight
        : ((count.flag + count.clean) / (2 * ofClass)) ** exponent;
    if (message.source === writtenSource) return balance * settings.writtenWeight;
    if (message.source === devSetSource) return balance * settings.devWeight;
    if (message.source !== templateSource) return balance;
    return balance * (message.flag ? settings.templateWeight : settings.templateCleanWeight);
  });
}

function prepare(messages: readonly CorpusMessage[], settings: TrainingSettings): PreparedMessage[] {
  const weights = messageWeights(messages, settings);
  const fineWeights = messageWeights(messages, settings, true);
  return messages.map((message, index) => {
    const { buckets, count } = messageFeatures(message.text, settings.spec);
    return {
      buckets: buckets.slice(0, count),
      targets: outputTargets(message),
      weight: weights[index] ?? 1,
      fineWeight: fineWeights[index] ?? 1,
    };
  });
}

/**
 * Per output, the weight of a positive row: (negatives / positives) ** balance. Harassment and
 * self-harm have a few hundred positives against a hundred thousand negatives; unweighted, their
 * outputs learn to say no.
 */
function outputPositiveWeights(prepared: readonly PreparedMessage[], balance: number): number[] {
  return trainedOutputs.map((_, output) => {
    let positives = 0;
    let negatives = 0;
    for (const { targets } of prepared) {
      if (targets[output] === 1) positives++;
      else if (targets[output] === 0) negatives++;
    }
    return positives === 0 ? 1 : Math.max(1, negatives / positives) ** balance;
  });
}

/** Full-precision weights and biases, before quantisation. */
export interface TrainedWeights {
  spec: FeatureSpec;
  weights: Float32Array;
  biases: Float64Array;
}

/**
 * One fit per seed, their weights and biases averaged. A single fit's held-out figures move with
 * the order it reads the rows in (macro-F1 0.748 to 0.760 over three seeds, the same data); the
 * average of a few moves less, and is one model of the same size.
 */
export function trainWeights(messages: readonly CorpusMessage[], settings: TrainingSettings): TrainedWeights {
  const prepared = prepare(messages, settings);
  const positiveWeights = outputPositiveWeights(prepared, settings.outputBalance);
  const fits = settings.seeds.map((seed) => fit(prepared, positiveWeights, settings, seed));
  const [first, ...rest] = fits;
  if (first === undefined) throw new Error("no seeds to train with");
  for (const other of rest) {
    for (let at = 0; at < first.weights.length; at++) first.weights[at]! += other.weights[at]!;
    for (let at = 0; at < first.biases.length; at++) first.biases[at]! += other.biases[at]!;
  }
  for (let at = 0; at < first.weights.length; at++) first.weights[at]! /= fits.length;
  for (let at = 0; at < first.biases.length; at++) first.biases[at]! /= fits.length;
  return first;
}

function fit(
  prepared: readonly PreparedMessage[],
  positiveWeights: readonly number[],
  settings: TrainingSettings,
  seed: number,
): TrainedWeights {
  const width = trainedOutputs.length;
  const weights = new Float32Array((1 << settings.spec.bucketBits) * width);
  const squaredGradients = new Float32Array(weights.length);
  const biases = new Float64Array(width);
  const biasSquaredGradients = new Float64Array(width).fill(1e-8);
  const logits = new Float64Array(width);
  const gradients = new Float64Array(width);
  const { learningRate, l2 } = settings;
  const random = seededRandom(seed);
  const order = prepared.map((_, index) => index);

  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    for (const index of order) {
      const message = prepared[index];
      if (message === undefined || message.buckets.length === 0) continue;
      const { buckets, targets } = message;
      const norm = 1 / Math.sqrt(buckets.length);
      logits.set(biases);
      for (const bucket of buckets)
        for (let output = 0; output < width; output++)
          logits[output] = (logits[output] ?? 0) + (weights[bucket * width + output] ?? 0) * norm;
      for (let output = 0; output < width; output++) {
        const target = targets[output] ?? UNKNOWN;
        gradients[output] =
          target === UNKNOWN
            ? 0
            : (1 / (1 + Math.exp(-(logits[output] ?? 0))) - target) *
              (output === 0 ? message.weight : message.fineWeight) *
              (target === 1 ? (positiveWeights[output] ?? 1) : 1);
        const gradient = gradients[output] ?? 0;
        biasSquaredGradients[output] = (biasSquaredGradients[output] ?? 0) + gradient * gradient;
        biases[output] =
          (biases[output] ?? 0) - (learningRate * gradient) / Math.sqrt(biasSquaredGradients[output] ?? 1);
      }
      for (const bucket of buckets) {
        for (let output = 0; output < width; output++) {
          const gradient = gradients[output] ?? 0;
          if (gradient === 0) continue;
          const at = bucket * width + output;
          const weight = weights[at] ?? 0;
          const step = gradient * norm + l2 * weight;
          const accumulated = (squaredGradients[at] ?? 0) + step * step;
          squaredGradients[at] = accumulated;
          weights[at] = weight - (learningRate * step) / Math.sqrt(accumulated + 1e-8);
        }
      }
    }
  }
  return { spec: settings.spec, weights, biases };
}

/** Each output's weights as signed bytes, scaled so the largest in magnitude is 127. */
export function quantise(trained: TrainedWeights): ClassifierModel {
  const width = trainedOutputs.length;
  const scales = trainedOutputs.map((_, output) => {
    let largest = 0;
    for (let at = output; at < trained.weights.length; at += width)
      largest = Math.max(largest, Math.abs(trained.weights[at] ?? 0));
    return largest === 0 ? 1 : largest / 127;
  });
  const weights = new Int8Array(trained.weights.length);
  for (let at = 0; at < weights.length; at++)
    weights[at] = Math.round((trained.weights[at] ?? 0) / (scales[at % width] ?? 1));
  return { spec: trained.spec, outputs: [...trainedOutputs], biases: [...trained.biases], scales, weights };
}
