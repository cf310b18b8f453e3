// The search behind the default flag thresholds (core's defaultCategoryThresholds) and the way the
// rules and the classifier are weighed (decide.ts's defaultCombination); pnpm moderation:tune runs it
// (src/tune.ts). Rerun after retraining: a new model's scores sit differently against the thresholds.
// Pure: messages already read by the rules and the classifier (read()) in, the best values found and
// the figures they give out. Deterministic: fixed candidates in a fixed order, ties keep the value.

import { type ModerationCategory, moderationCategories } from "@chatmod/core/moderation-categories";
import type { CategoryScores } from "./classifier.ts";
import { type Combination, decide } from "./decide.ts";
import { developmentSetBar, precisionAndRecall } from "./evaluation.ts";
import type { ModerationPolicy } from "./policy.ts";
import type { RulesVerdict } from "./verdict.ts";

/** A labelled message as read() leaves it, before decide() weighs the rules against the classifier. */
export interface ReadMessage {
  /** Where it is counted: a written category or clean group, a source, an adversarial kind. */
  group: string;
  flag: boolean;
  rules: RulesVerdict;
  scores: CategoryScores;
}

/** What the search measures on; each part counts differently (see score()). */
export interface TuningData {
  /** Validation-fold messages written for this project: abusive ones grouped by category, clean ones by language. */
  written: readonly ReadMessage[];
  /** Validation-fold messages of the corpus's other sources, grouped by source. */
  sources: readonly ReadMessage[];
  /** The whole development set, one group: the bar the values must keep, not a figure to raise. */
  developmentSet: readonly ReadMessage[];
  /** The policy the rules read the messages with; the search replaces only its flag thresholds. */
  policy: Readonly<ModerationPolicy>;
}

/** The values searched: a flag threshold per category (1: never) and the combination. */
export interface Settings {
  flagThresholds: Readonly<Record<ModerationCategory, number>>;
  combination: Readonly<Combination>;
}

/** Per group, what the verdict holds back (flags or rejects) and what it lets through. */
export interface GroupFigures {
  group: string;
  /** Messages labelled flag, and how many of them are held. */
  abusive: number;
  caught: number;
  /** Messages labelled clean, and how many of them are approved. */
  clean: number;
  passed: number;
}

/** How good a set of values is, with the parts it is made of. */
export interface Score {
  /** What the search maximises. */
  value: number;
  /** Mean over the written abusive categories of the share caught. */
  writtenRecall: number;
  /** Mean over the written clean groups of the share passed. */
  writtenPassRate: number;
  /** Mean over the corpus's other sources of F1 (of the pass rate for a source with no abusive messages). */
  sourceF1: number;
  /** Clean messages held beyond each source's allowance (the target), as a share of all the sources' clean messages. */
  sourceFalsePositiveExcess: number;
  /** How far the development set falls short of its bar, F1 and false-positive points added (0: kept). */
  developmentShortfall: number;
  written: GroupFigures[];
  sources: GroupFigures[];
  developmentSet: GroupFigures;
}

export interface SearchResult {
  chosen: Settings;
  /** The figures of the chosen values, and of the values the search started from. */
  score: Score;
  startScore: Score;
  /** Rounds run, and how many sets of values were measured. */
  rounds: number;
  measured: number;
}

// The development set's bar (developmentSetBar, the one pnpm moderation:eval reports against) is a
// constraint rather than a figure to raise: 85% of it is trained on and it is one source (Davidson's
// tweets), so raising it would fit the values to rows the classifier has already seen; what it does
// tell is whether the product still meets its bar, which every choice must.

/**
 * Catching abuse and passing clean messages weigh the same. The public sources weigh half: labelled
 * by others, by their own conventions (what counts as offensive differs from source to source), they
 * keep the values from drifting away from the wider data rather than decide them. A point (0.01)
 * short of the development bar costs 0.2, where the rest is at most 1.25: keeping the bar comes first.
 * It is a penalty and not a hard limit so that the search can start from values that miss the bar
 * (after retraining, the current defaults may) and still move toward ones that keep it.
 * The clean messages held beyond each source's target (excessFalsePositives) weigh as much as the
 * sources' F1: F1 alone lets a source whose flagged rows are many (MLMA, HateCheck) buy a point of
 * recall with several points of its clean text flagged.
 */
export const objectiveWeights = {
  writtenRecall: 0.5,
  writtenPassRate: 0.5,
  sourceF1: 0.25,
  sourceFalsePositiveExcess: 0.25,
  developmentShortfall: 20,
} as const;

/** The share of a source's clean messages the verdict may hold back (the requirement: 5% in every source). */
export const sourceFalsePositiveTarget = 0.05;

/** A move must gain more than this: equal figures are a tie, and a tie keeps the current value. */
const minimumGain = 1e-6;

/** Each round tries every value of every coordinate; the cap bounds the time if values keep moving. */
const maxRounds = 3;

/** Held back from the room: flagged for a moderator or rejected. */
function isHeld(message: ReadMessage, policy: ModerationPolicy, combination: Combination): boolean {
  return decide(message.rules, message.scores, policy, combination).status !== "APPROVED";
}

/**
 * The policy with the searched flag thresholds. The search measures whether a message is held at
 * all, which a reject threshold at or above its flag threshold does not change; reject thresholds are
 * set to never so that a flag threshold of 1 means the category holds nothing on its own.
 */
function policyWith(base: Readonly<ModerationPolicy>, flagThresholds: Settings["flagThresholds"]): ModerationPolicy {
  const categoryThresholds = Object.fromEntries(
    moderationCategories.map((category) => [category, { flag: flagThresholds[category], reject: 1 }]),
  ) as ModerationPolicy["categoryThresholds"];
  return { ...base, categoryThresholds };
}

/** Figures per group, groups in the order their first message comes. */
function countByGroup(
  messages: readonly ReadMessage[],
  policy: ModerationPolicy,
  combination: Combination,
): GroupFigures[] {
  const groups = new Map<string, GroupFigures>();
  for (const message of messages) {
    let figures = groups.get(message.group);
    if (figures === undefined) {
      figures = { group: message.group, abusive: 0, caught: 0, clean: 0, passed: 0 };
      groups.set(message.group, figures);
    }
    const held = isHeld(message, policy, combination);
    if (message.flag) {
      figures.abusive++;
      if (held) figures.caught++;
    } else {
      figures.clean++;
      if (!held) figures.passed++;
    }
  }
  return [...groups.values()];
}

/** The figures per group of a set of values on any labelled messages (the adversarial set's kinds, say). */
export function measureGroups(
  messages: readonly ReadMessage[],
  policy: Readonly<ModerationPolicy>,
  settings: Settings,
): GroupFigures[] {
  return countByGroup(messages, policyWith(policy, settings.flagThresholds), settings.combination);
}

export function recall(figures: GroupFigures): number {
  return figures.caught / Math.max(1, figures.abusive);
}

export function falsePositiveRate(figures: GroupFigures): number {
  return (figures.clean - figures.passed) / Math.max(1, figures.clean);
}

export function f1(figures: GroupFigures): number {
  return precisionAndRecall(figures.caught, figures.clean - figures.passed, figures.abusive).f1;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * A source with abusive messages counts by F1; one with none has no F1 and counts by its pass rate,
 * so that its false positives still cost.
 */
function sourceFigure(figures: GroupFigures): number {
  return figures.abusive === 0 ? 1 - falsePositiveRate(figures) : f1(figures);
}

/**
 * The clean messages held beyond the target's allowance in each source, as a share of all the
 * sources' clean messages: a message counts the same in every source, so that a small source whose
 * "clean" rows hold plain abuse (MLMA, HateCheck) does not outweigh a large one of real chat.
 */
function excessFalsePositives(sources: readonly GroupFigures[]): number {
  let excess = 0;
  let clean = 0;
  for (const group of sources) {
    excess += Math.max(0, group.clean - group.passed - sourceFalsePositiveTarget * group.clean);
    clean += group.clean;
  }
  return excess / Math.max(1, clean);
}

function developmentShortfall(figures: GroupFigures): number {
  return (
    Math.max(0, developmentSetBar.f1 - f1(figures)) +
    Math.max(0, falsePositiveRate(figures) - developmentSetBar.falsePositiveRate)
  );
}

/**
 * The written messages count per group, each group the same whatever its size: every kind of harm
 * matters as much as the others, and false positives in other languages are not drowned out by
 * English ones.
 */
export function score(data: TuningData, settings: Settings): Score {
  const policy = policyWith(data.policy, settings.flagThresholds);
  const written = countByGroup(data.written, policy, settings.combination);
  const sources = countByGroup(data.sources, policy, settings.combination);
  const developmentSet = countByGroup(data.developmentSet, policy, settings.combination)[0] ?? {
    group: "development set",
    abusive: 0,
    caught: 0,
    clean: 0,
    passed: 0,
  };
  const writtenRecall = mean(written.filter((group) => group.abusive > 0).map(recall));
  const writtenPassRate = mean(
    written.filter((group) => group.abusive === 0).map((group) => 1 - falsePositiveRate(group)),
  );
  const sourceF1 = mean(sources.map(sourceFigure));
  const sourceFalsePositiveExcess = excessFalsePositives(sources);
  const shortfall = developmentShortfall(developmentSet);
  return {
    value:
      objectiveWeights.writtenRecall * writtenRecall +
      objectiveWeights.writtenPassRate * writtenPassRate +
      objectiveWeights.sourceF1 * sourceF1 -
      objectiveWeights.sourceFalsePositiveExcess * sourceFalsePositiveExcess -
      objectiveWeights.developmentShortfall * shortfall,
    writtenRecall,
    writtenPassRate,
    sourceF1,
    sourceFalsePositiveExcess,
    developmentShortfall: shortfall,
    written,
    sources,
    developmentSet,
  };
}

/** One value the search moves while the others stay, with the values it tries, in order. */
interface Coordinate {
  of(settings: Settings): number;
  with(settings: Settings, value: number): Settings;
  candidates: readonly number[];
}

/** 1 is "never": a category the classifier cannot tell well enough may hold nothing on its own. */
const flagCandidates = [0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.85, 0.9, 0.95, 1];

function flagThreshold(category: ModerationCategory): Coordinate {
  return {
    of: (settings) => settings.flagThresholds[category],
    with: (settings, value) => ({ ...settings, flagThresholds: { ...settings.flagThresholds, [category]: value } }),
    candidates: flagCandidates,
  };
}

const fineCategoryGate: Coordinate = {
  of: (settings) => settings.combination.fineCategoryGate,
  with: (settings, value) => ({ ...settings, combination: { ...settings.combination, fineCategoryGate: value } }),
  candidates: [0, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7],
};

/** A threat score that counts without toxicity behind it; 1: never alone. */
const threatAlone: Coordinate = {
  of: (settings) => settings.combination.threatAlone,
  with: (settings, value) => ({ ...settings, combination: { ...settings.combination, threatAlone: value } }),
  candidates: [0.7, 0.8, 0.85, 0.9, 0.95, 1],
};

/**
 * Mild and moderate words are cleared below one toxicity: it says where the classifier's reading of a
 * message as harmless is trusted, which does not depend on the word. Severe words stay at 0, never
 * cleared by the classifier alone (decide.ts says why), so they are not searched. 0.45 sits between
 * the grid's steps because on an earlier model it kept the development set's bar where 0.5 did not.
 */
const clearedBelow: Coordinate = {
  // Mild and moderate apart (a hand edit) have no one value: every candidate is then tried.
  of: ({ combination: { clearedBelow } }) => (clearedBelow.mild === clearedBelow.moderate ? clearedBelow.mild : -1),
  with: (settings, value) => ({
    ...settings,
    combination: {
      ...settings.combination,
      clearedBelow: { ...settings.combination.clearedBelow, mild: value, moderate: value },
    },
  }),
  candidates: [0.1, 0.2, 0.3, 0.4, 0.45, 0.5],
};

/**
 * A word the rules did not count (below the room's flag severity, not hostile by sentiment) counts
 * from this toxicity: the classifier's reading of hostility where the rules' sentiment missed it.
 * 1: in effect, the rules' sentiment alone decides.
 */
const hostileFrom: Coordinate = {
  of: (settings) => settings.combination.hostileFrom,
  with: (settings, value) => ({ ...settings, combination: { ...settings.combination, hostileFrom: value } }),
  candidates: [0.5, 0.6, 0.7, 0.8, 0.9, 1],
};

/**
 * What the search moves, in this order. Not searched: rejectionConfirmedAt and the reject thresholds
 * choose between flagging and rejecting, and the search measures only whether a message is held.
 */
const coordinates: readonly Coordinate[] = [
  ...moderationCategories.map(flagThreshold),
  fineCategoryGate,
  threatAlone,
  clearedBelow,
  hostileFrom,
];

/**
 * No source's false positives may rise above both the target and where they started: a gain in recall
 * elsewhere does not buy more clean messages held in a source already over the target.
 */
function keepsFalsePositives(candidate: Score, start: Score): boolean {
  return candidate.sources.every((group) => {
    const before = start.sources.find((figures) => figures.group === group.group);
    const allowed = Math.max(sourceFalsePositiveTarget, before === undefined ? 0 : falsePositiveRate(before));
    return group.clean === 0 || falsePositiveRate(group) <= allowed;
  });
}

/**
 * Coordinate descent from `start`: each value in turn tries its candidates with the others fixed and
 * keeps one that scores better. Rounds repeat until one moves nothing (the next would try the same
 * values again) or the cap is reached. Starting from the current defaults, a search that finds nothing
 * better gives them back unchanged.
 */
export function searchSettings(data: TuningData, start: Settings): SearchResult {
  const startScore = score(data, start);
  let best = { settings: start, score: startScore };
  let measured = 1;
  let rounds = 0;
  let moved = true;
  while (moved && rounds < maxRounds) {
    moved = false;
    rounds++;
    for (const coordinate of coordinates)
      for (const value of coordinate.candidates) {
        if (value === coordinate.of(best.settings)) continue;
        const settings = coordinate.with(best.settings, value);
        const candidate = { settings, score: score(data, settings) };
        measured++;
        if (
          candidate.score.value > best.score.value + minimumGain &&
          keepsFalsePositives(candidate.score, startScore)
        ) {
          best = candidate;
          moved = true;
        }
      }
  }
  return { chosen: best.settings, score: best.score, startScore, rounds, measured };
}
