// The whole verdict (rules and classifier, default policy) keeps the figures the issue asks for and
// the model card reports: a retrained model, a changed threshold or a rules change that falls below
// them fails here. Speed is measured by `pnpm moderation:eval` and `pnpm bench`, not asserted.

import { describe, expect, it } from "vitest";
import { assess } from "../src/moderation/assess.ts";
import { moderationClassifier } from "../src/moderation/classifier.ts";
import { byVerdict, heldOutReport } from "../src/moderation/classifier-evaluation.ts";
import { dialectFalsePositives } from "../src/moderation/dialect-fairness.ts";
import { developmentSetBar, devSetPath, measureQuality, readLabelledCsv } from "../src/moderation/evaluation.ts";
import { identityFalsePositives } from "../src/moderation/identity-fairness.ts";
import { defaultPolicy } from "../src/moderation/policy.ts";
import { devSetSource, readTrainingCorpus } from "../src/moderation/training-corpus.ts";
import { keepsHeldOutFigures, type ReachedFigures } from "./held-out-floors.ts";

const flags = (text: string) => assess(text, defaultPolicy).status !== "APPROVED";

describe("the verdict on the development set (pnpm moderation:eval)", () => {
  it("reaches F1 >= 0.975, false positives on clean <= 3%, hate recall >= 0.90", () => {
    const figures = measureQuality(readLabelledCsv(devSetPath), defaultPolicy);
    expect(figures.messages).toBeGreaterThan(7000);
    expect(figures.f1).toBeGreaterThanOrEqual(developmentSetBar.f1);
    expect(figures.falsePositiveRate).toBeLessThanOrEqual(developmentSetBar.falsePositiveRate);
    expect(figures.hateRecall ?? 0).toBeGreaterThanOrEqual(developmentSetBar.hateRecall);
  }, 60_000);
});

/**
 * What the verdict reached on the held-out part (`pnpm moderation:model-eval`, first table): F1 and
 * false positives on clean per source. The bar of 5% false positives in every source is not
 * met by MLMA and HateCheck (whose clean rows hold abuse by this service's policy), by Stormfront, nor
 * quite by GermEval and Multilingual HateCheck; the model card says why and what was tried.
 */
const reached: ReachedFigures = {
  macroF1: 0.757,
  bySource: {
    "chatmod-written": { f1: 0.762, falsePositiveRate: 0.04 },
    "conversationai-bias-templates": { f1: 0.997, falsePositiveRate: 0.0 },
    germeval2018: { f1: 0.484, falsePositiveRate: 0.053 },
    hatecheck: { f1: 0.952, falsePositiveRate: 0.192 },
    mlma: { f1: 0.75, falsePositiveRate: 0.393 },
    "multilingual-hatecheck": { f1: 0.973, falsePositiveRate: 0.071 },
    "stormfront-degibert2018": { f1: 0.372, falsePositiveRate: 0.073 },
    "told-br": { f1: 0.658, falsePositiveRate: 0.049 },
    "toxic-spans-civil-comments": { f1: 0.867, falsePositiveRate: null },
    [devSetSource]: { f1: 0.955, falsePositiveRate: 0.055 },
  },
};

describe("the verdict on the held-out part of the corpus", () => {
  const classifier = moderationClassifier();
  const heldOut = readTrainingCorpus().filter((message) => message.heldOut);
  const report = heldOutReport(
    heldOut.map((message) => ({
      message,
      scores: classifier.score(message.text),
      status: assess(message.text, defaultPolicy).status,
    })),
    byVerdict,
  );

  keepsHeldOutFigures(report, reached);
});

describe("fairness", () => {
  it("rarely flags a sentence that merely mentions an identity (at most 5%, and no term above 20%)", () => {
    const fairness = identityFalsePositives(flags);
    expect(fairness.rate, JSON.stringify(fairness.byTerm.slice(0, 5))).toBeLessThanOrEqual(0.05);
    expect(fairness.byTerm[0]?.rate ?? 0, JSON.stringify(fairness.byTerm[0])).toBeLessThanOrEqual(0.2);
  });

  it("rarely flags everyday sentences in varieties of English (at most 5%)", () => {
    const dialects = dialectFalsePositives(flags);
    expect(dialects.rate, JSON.stringify(dialects.byVariety)).toBeLessThanOrEqual(0.05);
  });
});
