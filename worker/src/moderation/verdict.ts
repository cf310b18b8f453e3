// The shape of a moderation verdict, stored as Message.moderation (JSON) and
// published with MessageModerated. Keep it plain data: strings, numbers, arrays.

import type { ModerationCategory } from "@chatmod/core/moderation-categories";
import type { GroupMention } from "./group-mentions.ts";
import type { FriendlyMark, MentionContext } from "./mention-context.ts";

/** The statuses moderate() can decide; PENDING belongs to the message row only. */
export type VerdictStatus = "APPROVED" | "FLAGGED" | "REJECTED";

/** How bad a finding is, from lowest to highest. "none": nothing was found. */
export type Severity = "none" | "mild" | "moderate" | "severe";

/** Severities a term or a threat can carry (everything but "none"). */
export type FindingSeverity = Exclude<Severity, "none">;

export type TermCategory =
  | "slur" // racial, ethnic, homophobic, transphobic, ableist slurs
  | "insult" // gendered and general insults (bitch, hoe, retard, idiot)
  | "profanity" // swearing (fuck, shit, ass)
  | "sexual" // sexual acts, anatomy, pornography
  | "threat" // threats of violence, wishes of death, incitement to self-harm
  | "harassment" // put-downs, sexual remarks and bullying (ganging up, exposing, pursuing), with no listed word in them
  | "blocked"; // a term from the room's policy

/** One term (or threat phrase) found in the message. */
export interface MatchedTerm {
  /** The canonical term, e.g. "fuck" for "f.u.c.k" or "fuuuck". */
  term: string;
  category: TermCategory;
  severity: FindingSeverity;
  /** The matched text after folding ("f.u.c.k" and "ｆｕｃｋ" show as "fuck"), for moderators. */
  excerpt: string;
  /**
   * Set when the word is mentioned rather than used: quoted or reported ("the word 'x' is a slur",
   * "he called me a x"), or part of a name (Plymouth Hoe, Bitche). It then does not count.
   */
  mention: MentionContext | null;
  /**
   * Written so as to dodge a filter ("dumb@ss", "c.u.n.t", "f*ck", "g00ks"): the disguise shows the
   * writer expects the room not to accept the word, so it counts whatever its severity, and the
   * classifier does not clear it.
   */
  disguised: boolean;
  /** For a word of another language's list ("klootzak": "nl"), that language; absent for English words. */
  language?: string;
  /** Whether the rules counted it: not mentioned, and, below the flag severity, disguised or in a hostile message. */
  counted: boolean;
}

export interface SentimentSummary {
  /** AFINN-165 sum over the message's words (sentiment package). */
  score: number;
  /** score divided by the number of tokens. */
  comparative: number;
  /** Words that scored negative, in message order. */
  negativeWords: string[];
}

/** What the word rules decide on their own (moderate()). */
export interface RulesVerdict {
  status: VerdictStatus;
  /** Canonical terms found (deduplicated), each with category, severity and whether it counted. */
  matchedTerms: MatchedTerm[];
  /**
   * Set when the rules flagged with no term counted: hostile words said to the person addressed, or
   * (when the room turns it on) a very negative message at nobody in particular.
   */
  hostileTo: "addressee" | "nobody in particular" | null;
  /**
   * Marked as friendly (see mention-context.ts), as a game's talk or as a joke (laughter, a wink): a
   * threat in it is read as banter ("I'll destroy you next round", "I'm gonna kill you 😂"), by the
   * rules and in the classifier's threat score.
   */
  friendly: FriendlyMark;
  /**
   * The message names a group and says nothing more of it (group-mentions.ts): a bare name ("lesbians?")
   * or an affirmation ("trans women are women"). The classifier's scores of it are not counted.
   */
  groupMention: GroupMention | null;
  sentiment: SentimentSummary;
  /** The highest severity among matchedTerms, counted or not ("mild" for a sentiment-only flag). */
  severity: Severity;
  /** Which rules produced this verdict; see RULES_VERSION. */
  rulesVersion: string;
}

/** The verdict the worker stores and publishes: the rules and the classifier combined (assess()). */
export interface ModerationVerdict extends RulesVerdict {
  /**
   * Why, in plain words anyone may read ("an insult aimed at someone"): no scores, no words quoted
   * from the message. Empty when approved.
   */
  reasons: string[];
  /** What was found, for moderators: the terms and phrases, and the categories over their thresholds. */
  evidence: string[];
  /** The classifier's score per category, 0 to 1, three decimals. */
  categories: Record<ModerationCategory, number>;
  /** Which model scored it (the model file's version). */
  modelVersion: string;
}

const severityRank: Record<Severity, number> = { none: 0, mild: 1, moderate: 2, severe: 3 };

/** Compare two severities: negative when a is lower than b. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank[a] - severityRank[b];
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return compareSeverity(a, b) >= 0 ? a : b;
}
