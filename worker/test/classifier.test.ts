// The committed classifier keeps the figures its model card reports: a retrained model that is
// worse on the held-out part of the corpus, or flags identity mentions more, fails here.

import { moderationCategories } from "@chatmod/core/moderation-categories";
import { describe, expect, it } from "vitest";
import { createClassifier, moderationClassifier } from "../src/moderation/classifier.ts";
import { FLAG_THRESHOLD, heldOutReport } from "../src/moderation/classifier-evaluation.ts";
import { identityFalsePositives } from "../src/moderation/identity-fairness.ts";
import { devSetSource, readTrainingCorpus, writtenSource } from "../src/moderation/training-corpus.ts";
import { keepsHeldOutFigures, type ReachedFigures } from "./held-out-floors.ts";

const classifier = moderationClassifier();

/** What the committed model reached on the held-out part (`pnpm moderation:model-eval`), before the margin. */
const reached: ReachedFigures = {
  macroF1: 0.798,
  /** Per source: F1 and false positives on clean at the flag threshold. */
  bySource: {
    "chatmod-written": { f1: 0.799, falsePositiveRate: 0.101 },
    "conversationai-bias-templates": { f1: 0.997, falsePositiveRate: 0.0 },
    germeval2018: { f1: 0.614, falsePositiveRate: 0.213 },
    hatecheck: { f1: 0.951, falsePositiveRate: 0.185 },
    mlma: { f1: 0.821, falsePositiveRate: 0.556 },
    "multilingual-hatecheck": { f1: 0.975, falsePositiveRate: 0.08 },
    "stormfront-degibert2018": { f1: 0.412, falsePositiveRate: 0.158 },
    "told-br": { f1: 0.656, falsePositiveRate: 0.143 },
    "toxic-spans-civil-comments": { f1: 0.957, falsePositiveRate: null },
    [devSetSource]: { f1: 0.944, falsePositiveRate: 0.137 },
  },
};

describe("the committed classifier on the held-out part of the corpus", () => {
  const heldOut = readTrainingCorpus().filter((message) => message.heldOut);
  const report = heldOutReport(heldOut.map((message) => ({ message, scores: classifier.score(message.text) })));

  keepsHeldOutFigures(report, reached);
});

describe("identity mentions", () => {
  // The issue asks that a mere mention of an identity is not flagged. The committed model alone flags
  // 1.9% (14 of 720, mostly "<identity> people are welcome here"); the bound is the 5% of clean text
  // the issue allows at most anywhere, so a retrain that flags identity mentions more than that fails.
  it("are rarely flagged", () => {
    const fairness = identityFalsePositives((text) => classifier.score(text).toxicity >= FLAG_THRESHOLD);
    expect(fairness.rate, JSON.stringify(fairness.byTerm.slice(0, 5))).toBeLessThanOrEqual(0.05);
  });
});

describe("scores", () => {
  it("give every category a score from 0 to 1", () => {
    const scores = classifier.score("you are a complete idiot");
    expect(Object.keys(scores).sort()).toEqual([...moderationCategories].sort());
    for (const score of Object.values(scores)) expect(score).toBeGreaterThanOrEqual(0);
    for (const score of Object.values(scores)) expect(score).toBeLessThanOrEqual(1);
  });

  it("read harassment and self-harm, learnt from the messages written for them (held out)", () => {
    const written = readTrainingCorpus().filter((message) => message.heldOut && message.source === writtenSource);
    const mean = (rows: typeof written, category: "harassment" | "self_harm") =>
      rows.reduce((sum, message) => sum + classifier.score(message.text)[category], 0) / Math.max(1, rows.length);
    const clean = written.filter((message) => !message.flag);
    for (const category of ["harassment", "self_harm"] as const) {
      const positives = written.filter((message) => message.category === category);
      expect(positives.length, category).toBeGreaterThan(20);
      // On messages never trained on, the category's own messages score far above clean ones.
      expect(mean(positives, category), category).toBeGreaterThan(3 * mean(clean, category));
    }
  });

  it("read obfuscated words like the plain ones", () => {
    expect(classifier.score("ѕhut up you ｉｄｉｏｔ").toxicity).toBeCloseTo(
      classifier.score("shut up you idiot").toxicity,
      6,
    );
  });

  it("are the same for the same text", () => {
    const text = "Das ist eine Frechheit, du Idiot";
    expect(classifier.score(text)).toEqual(classifier.score(text));
  });

  it("score an empty message as harmless", () => {
    expect(classifier.score("").toxicity).toBeLessThan(FLAG_THRESHOLD);
  });

  it("are the same whatever the number of outputs (seven take a faster path)", () => {
    // The committed model without its last output, its weights laid out six to a bucket.
    const { model } = classifier;
    const width = model.outputs.length;
    const kept = width - 1;
    const buckets = model.weights.length / width;
    const weights = new Int8Array(buckets * kept);
    for (let bucket = 0; bucket < buckets; bucket++)
      weights.set(model.weights.subarray(bucket * width, bucket * width + kept), bucket * kept);
    const fewer = createClassifier({
      ...model,
      outputs: model.outputs.slice(0, kept),
      biases: model.biases.slice(0, kept),
      scales: model.scales.slice(0, kept),
      weights,
    });
    for (const text of ["you are a waste of oxygen", "I hope you get better soon", "du Arschloch"]) {
      const all = classifier.score(text);
      const some = fewer.score(text);
      for (const category of model.outputs.slice(0, kept)) expect(some[category]).toBe(all[category]);
    }
  });
});
