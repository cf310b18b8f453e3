// The shape of a moderation verdict, stored as Message.moderation (JSON) and
// published with MessageModerated. Keep it plain data: strings, numbers, arrays.

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
  | "blocked"; // a term from the room's policy

/** One term (or threat phrase) found in the message. */
export interface MatchedTerm {
  /** The canonical term, e.g. "fuck" for "f.u.c.k" or "fuuuck". */
  term: string;
  category: TermCategory;
  severity: FindingSeverity;
  /** The matched text after folding ("f.u.c.k" and "ｆｕｃｋ" show as "fuck"), for moderators. */
  excerpt: string;
}

export interface SentimentSummary {
  /** AFINN-165 sum over the message's words (sentiment package). */
  score: number;
  /** score divided by the number of tokens. */
  comparative: number;
  /** Words that scored negative, in message order. */
  negativeWords: string[];
}

export interface ModerationVerdict {
  status: VerdictStatus;
  /** Human-readable, one per matched term (saying whether it counted) plus a sentiment-only flag; empty when nothing was found. */
  reasons: string[];
  /** Canonical terms found (deduplicated), each with category and severity. */
  matchedTerms: MatchedTerm[];
  sentiment: SentimentSummary;
  /** The highest severity among matchedTerms, counted or not ("mild" for a sentiment-only flag). */
  severity: Severity;
  /** Which rules produced this verdict; see RULES_VERSION. */
  rulesVersion: string;
}

const severityRank: Record<Severity, number> = { none: 0, mild: 1, moderate: 2, severe: 3 };

/** Compare two severities: negative when a is lower than b. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank[a] - severityRank[b];
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return compareSeverity(a, b) >= 0 ? a : b;
}
