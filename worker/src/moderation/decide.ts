// decide(): the rules' verdict and the classifier's scores -> one status, with reasons in plain words
// for members and evidence for moderators. Pure, like moderate().

import { type ModerationCategory, moderationCategories } from "@chatmod/core/moderation-categories";
import type { CategoryScores } from "./classifier.ts";
import type { GroupMention } from "./group-mentions.ts";
import type { MentionContext } from "./mention-context.ts";
import type { ModerationPolicy } from "./policy.ts";
import {
  compareSeverity,
  type FindingSeverity,
  type MatchedTerm,
  type RulesVerdict,
  type TermCategory,
  type VerdictStatus,
} from "./verdict.ts";

/** What a finding is about: a moderation category, or a word the room itself blocks. */
type Concern = ModerationCategory | "blocked";

/** What members read for each concern: plain words, no scores, no words quoted from the message. */
const describe: Readonly<Record<Concern, string>> = {
  toxicity: "hostile or abusive language",
  insult: "an insult aimed at someone",
  threat: "a threat of violence",
  identity_attack: "an attack on people for who they are",
  sexual_obscene: "sexual or obscene content",
  harassment: "harassment of another person",
  self_harm: "encouraging someone to harm themselves",
  blocked: "a word this room does not allow",
};

const concernOfTerm: Readonly<Record<TermCategory, Concern>> = {
  slur: "identity_attack",
  insult: "insult",
  profanity: "toxicity",
  sexual: "sexual_obscene",
  threat: "threat",
  harassment: "harassment",
  blocked: "blocked",
};

/** The rules' self-harm phrases are threats to them ("kys", "drink bleach"); they are their own category here. */
function concernOf(term: MatchedTerm): Concern {
  return term.term === "kill yourself" ? "self_harm" : concernOfTerm[term.category];
}

/** How the rules and the classifier are weighed against each other. */
export interface Combination {
  /**
   * Below these toxicity scores the classifier reads the whole message as harmless and clears what
   * the words matched: a word of another language ("hoe oud ben je"), banter, a name the rules do not
   * know. Severe terms (slurs, threats) are never cleared by the classifier alone (0): it has seen
   * too few of the rarer slurs to vouch for a message holding one; the rules' own reading of context
   * (quoted, a name) sets them aside. A room's blocked terms are its own choice and are never cleared,
   * nor are the insults and slurs of the other languages' lists (terms-other-languages.ts): the
   * classifier has seen too little of those languages to vouch for a message holding one.
   */
  clearedBelow: Readonly<Record<FindingSeverity, number>>;
  /** A rules rejection stands when toxicity is at least this; otherwise a moderator decides. */
  rejectionConfirmedAt: number;
  /**
   * A word below the room's flag severity ("trash", "ghetto") counts in a hostile message; the rules
   * judge hostility by sentiment, and so does the classifier: at this toxicity, it counts too.
   */
  hostileFrom: number;
  /**
   * The finer categories say what kind of harm, toxicity whether there is any: a finer category over
   * its threshold counts only when toxicity is at least this. Short friendly messages ("wagwan, you
   * good?") can score high on a finer output trained on few examples.
   */
  fineCategoryGate: number;
  /**
   * A threat score this high counts without toxicity behind it: veiled threats ("teach him a lesson
   * he won't forget") read as calm to the toxicity output while the threat output is sure of them.
   * Only threats: the other finer outputs, self-harm above all, score short chat ("mdr", "hero") as high.
   */
  threatAlone: number;
}

export const defaultCombination: Readonly<Combination> = Object.freeze({
  clearedBelow: Object.freeze({ mild: 0.4, moderate: 0.4, severe: 0 }),
  rejectionConfirmedAt: 0.5,
  hostileFrom: 0.8,
  fineCategoryGate: 0.5,
  threatAlone: 0.85,
});

const notCountedBecause: Readonly<Record<MentionContext, string>> = {
  quoted: "quoted",
  reported: 'reported ("called me a", "the word")',
  name: "part of a name",
  "another language": "a word of the message's language",
  banter: "marked as friendly",
};

const groupMentionCounted: Readonly<Record<GroupMention, string>> = {
  named: "names a group and says nothing of it",
  affirmed: "affirms a group and says nothing more",
};

interface Finding {
  concern: Concern;
  action: "flag" | "reject";
}

export interface Decision {
  status: VerdictStatus;
  reasons: string[];
  evidence: string[];
}

function fixed(score: number): string {
  return score.toFixed(2);
}

export function decide(
  rules: RulesVerdict,
  scores: CategoryScores,
  policy: ModerationPolicy,
  combination: Combination = defaultCombination,
): Decision {
  const { clearedBelow, rejectionConfirmedAt, hostileFrom, fineCategoryGate, threatAlone } = combination;
  const findings: Finding[] = [];
  const evidence: string[] = [];
  const toxicity = scores.toxicity;

  for (const term of rules.matchedTerms) {
    const concern = concernOf(term);
    const quoted = term.excerpt === term.term ? `"${term.term}"` : `"${term.term}" (as "${term.excerpt}")`;
    if (!term.counted && (term.mention !== null || toxicity < hostileFrom)) {
      const why = term.mention === null ? "not hostile" : notCountedBecause[term.mention];
      evidence.push(`${quoted}: ${term.category}, ${term.severity}, not counted (${why})`);
      continue;
    }
    const foreign = term.language !== undefined && term.severity !== "mild";
    // Harassment phrases say with innocent words what the classifier, reading words, scores as calm.
    const clearable = concern !== "blocked" && concern !== "harassment" && !term.disguised && !foreign;
    if (clearable && toxicity < clearedBelow[term.severity]) {
      evidence.push(
        `${quoted}: ${term.category}, ${term.severity}, cleared (the classifier reads the message as harmless)`,
      );
      continue;
    }
    const rejects =
      policy.thresholds.rejectSeverity !== "never" &&
      compareSeverity(term.severity, policy.thresholds.rejectSeverity) >= 0 &&
      (concern === "blocked" || toxicity >= rejectionConfirmedAt);
    findings.push({ concern, action: rejects ? "reject" : "flag" });
    evidence.push(`${quoted}: ${term.category}, ${term.severity}${term.disguised ? ", disguised" : ""}`);
  }
  if (rules.hostileTo !== null) {
    if (toxicity < clearedBelow.mild)
      evidence.push(`hostile words at ${rules.hostileTo}: cleared (the classifier reads the message as harmless)`);
    else {
      findings.push({ concern: rules.hostileTo === "addressee" ? "insult" : "toxicity", action: "flag" });
      evidence.push(`hostile words at ${rules.hostileTo}: ${rules.sentiment.negativeWords.join(", ")}`);
    }
  }

  for (const category of moderationCategories) {
    const score = scores[category];
    const { flag, reject } = policy.categoryThresholds[category];
    let action: Finding["action"] | null =
      reject < 1 && score >= reject ? "reject" : flag < 1 && score >= flag ? "flag" : null;
    if (action === null) continue;
    // Banter: a game's or a joke's threat ("I'll end you next round", "I'm gonna kill you 😂"), and
    // in a game's talk the toxicity its words alone carry. Laughter does not clear toxicity: it
    // comes with abuse as often ("so this bitch... lol"); nor does anything clear a rejection for it.
    const banter =
      category === "threat"
        ? rules.friendly !== null
        : category === "toxicity" && action === "flag" && rules.friendly === "game";
    if (banter) {
      evidence.push(`classifier: ${category} ${fixed(score)}, not counted (${notCountedBecause.banter})`);
      continue;
    }
    if (rules.groupMention !== null) {
      evidence.push(
        `classifier: ${category} ${fixed(score)}, not counted (${groupMentionCounted[rules.groupMention]})`,
      );
      continue;
    }
    if (category !== "toxicity" && toxicity < fineCategoryGate) {
      if (category !== "threat" || score < threatAlone) continue;
      // Without toxicity behind it, a moderator decides.
      action = "flag";
    }
    findings.push({ concern: category, action });
    evidence.push(
      `classifier: ${category} ${fixed(score)} (${action === "reject" ? `rejects at ${reject}` : `flags at ${flag}`})`,
    );
  }

  const status: VerdictStatus = findings.some((finding) => finding.action === "reject")
    ? "REJECTED"
    : findings.length > 0
      ? "FLAGGED"
      : "APPROVED";
  return { status, reasons: reasonsFor(findings), evidence };
}

/** One reason per concern, rejections first, each concern once; toxicity only when nothing more precise was found. */
function reasonsFor(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return [];
  const ordered = [...findings].sort((a, b) => (a.action === b.action ? 0 : a.action === "reject" ? -1 : 1));
  const concerns = [...new Set(ordered.map((finding) => finding.concern))];
  const precise = concerns.filter((concern) => concern !== "toxicity");
  return (precise.length > 0 ? precise : concerns).map((concern) => describe[concern]);
}
