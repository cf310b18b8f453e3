// How obscenity's English dataset (words from the `cuss` project) is used: each phrase's class,
// the patterns left out, and the innocent words its patterns hit in folded text.
// Syntax and severities: see terms.ts.

import type { FindingSeverity, TermCategory } from "./verdict.ts";

/** How each phrase of obscenity's English dataset (by its originalWord) is classed; null drops it. */
export const englishDatasetClasses: Readonly<
  Record<string, { category: TermCategory; severity: FindingSeverity } | null>
> = {
  // Racial, ethnic, homophobic and transphobic slurs.
  abeed: { category: "slur", severity: "severe" },
  africoon: { category: "slur", severity: "severe" },
  arabush: { category: "slur", severity: "severe" },
  boonga: { category: "slur", severity: "severe" },
  chingchong: { category: "slur", severity: "severe" },
  chink: { category: "slur", severity: "severe" },
  dyke: { category: "slur", severity: "severe" },
  fag: { category: "slur", severity: "severe" },
  kike: { category: "slur", severity: "severe" },
  nigger: { category: "slur", severity: "severe" },
  tranny: { category: "slur", severity: "severe" },
  // Rare as a slur, common as German "Abo" (subscription) and cut-off "abo(ut)".
  abo: { category: "slur", severity: "mild" },
  // Dated more than hateful in most uses ("Negro Leagues", Spanish "negro"): review when hostile.
  negro: { category: "slur", severity: "mild" },
  // Ableist insults.
  retard: { category: "insult", severity: "moderate" },
  spastic: { category: "insult", severity: "moderate" },
  cuck: { category: "insult", severity: "moderate" },
  // Gendered insults.
  bitch: { category: "insult", severity: "moderate" },
  cunt: { category: "insult", severity: "moderate" },
  pussy: { category: "insult", severity: "moderate" },
  slut: { category: "insult", severity: "moderate" },
  twat: { category: "insult", severity: "moderate" },
  whore: { category: "insult", severity: "moderate" },
  // Swearing.
  arse: { category: "profanity", severity: "moderate" },
  ass: { category: "profanity", severity: "moderate" },
  bastard: { category: "profanity", severity: "moderate" },
  bollocks: { category: "profanity", severity: "moderate" },
  cock: { category: "profanity", severity: "moderate" },
  dick: { category: "profanity", severity: "moderate" },
  fuck: { category: "profanity", severity: "moderate" },
  prick: { category: "profanity", severity: "moderate" },
  shit: { category: "profanity", severity: "moderate" },
  wank: { category: "profanity", severity: "moderate" },
  // Complaint language ("I'm pissed off about the delay"), not abuse: not a term.
  piss: null,
  // Mild: "you little turd".
  turd: { category: "profanity", severity: "mild" },
  // Explicit sexual terms.
  blowjob: { category: "sexual", severity: "moderate" },
  buttplug: { category: "sexual", severity: "moderate" },
  cum: { category: "sexual", severity: "moderate" },
  deepthroat: { category: "sexual", severity: "moderate" },
  dildo: { category: "sexual", severity: "moderate" },
  doggystyle: { category: "sexual", severity: "moderate" },
  "double penetration": { category: "sexual", severity: "moderate" },
  felch: { category: "sexual", severity: "moderate" },
  fellatio: { category: "sexual", severity: "moderate" },
  "finger bang": { category: "sexual", severity: "moderate" },
  fisting: { category: "sexual", severity: "moderate" },
  gangbang: { category: "sexual", severity: "moderate" },
  handjob: { category: "sexual", severity: "moderate" },
  "jerk off": { category: "sexual", severity: "moderate" },
  jizz: { category: "sexual", severity: "moderate" },
  lubejob: { category: "sexual", severity: "moderate" },
  rape: { category: "sexual", severity: "moderate" },
  tit: { category: "sexual", severity: "moderate" },
  // Anatomy and plain words for sex: fine in a health or news chat, flagged when hostile.
  anal: { category: "sexual", severity: "mild" },
  anus: { category: "sexual", severity: "mild" },
  bestiality: { category: "sexual", severity: "mild" },
  boob: { category: "sexual", severity: "mild" },
  ejaculate: { category: "sexual", severity: "mild" },
  hentai: { category: "sexual", severity: "mild" },
  hooker: { category: "sexual", severity: "mild" },
  incest: { category: "sexual", severity: "mild" },
  masturbate: { category: "sexual", severity: "mild" },
  orgasm: { category: "sexual", severity: "mild" },
  orgy: { category: "sexual", severity: "mild" },
  penis: { category: "sexual", severity: "mild" },
  porn: { category: "sexual", severity: "mild" },
  scat: { category: "sexual", severity: "mild" },
  semen: { category: "sexual", severity: "mild" },
  sex: { category: "sexual", severity: "mild" },
  vagina: { category: "sexual", severity: "mild" },
};

/** Patterns of the English dataset left out: "fu" is a common Chinese surname ("Mr. Fu"). */
export const englishDatasetDroppedPatterns: readonly string[] = ["|fu|"];

/** Innocent words the English dataset's patterns hit once letters may double or accents fold. */
export const englishDatasetAllow: Readonly<Record<string, readonly string[]>> = {
  anal: ["annal", "canal", "banal", "analg", "analect", "gondwana"],
  anus: ["annus", "coriolanus", "oceanus"],
  ass: ["assyri", "assn", "asson", "assort", "asst"],
  chink: ["chink in", "chinks in", "chinked", "chinking"],
  cock: ["cockpit", "cockscomb", "cocksure", "cock-a-doodle", "cock a doodle", "cock crow"],
  cuck: ["cuckold"],
  cum: ["cummer", "cumming", "cumin", "cum laude", "magna cum", "summa cum", "cumulus", "cumquat"],
  dick: [
    "dickinson",
    "dickerson",
    "dickson",
    "dicker",
    "dickey",
    "dickie",
    "dicky",
    "moby dick",
    // A steamed suet pudding with currants, served with custard.
    "spotted dick",
    "dick van dyke",
    "chappaquiddick",
  ],
  dyke: ["vandyke"],
  // Norwegian and Danish "kikke" (to peek), "skikkelig" (proper, really), "kikkert" (binoculars).
  kike: ["skikkelig", "kikke", "kikker"],
  // Italian beans and beeches, the bassoon in Spanish, Portuguese and Italian.
  fag: ["fagin", "fagiol", "fagus", "faggio", "fagote", "fagotto", "fagotti", "fagottist"],
  // The Austrian village (Fugging since 2021), a Scunthorpe of its own.
  fuck: ["fuku", "traffick", "feckless", "village of fucking", "fucking in austria", "fucking, austria"],
  nigger: ["niggard"],
  penis: ["penistone"],
  pussy: ["pussy cat", "pussycat", "pussy willow", "pussyfoot", "pussy foot"],
  rape: ["rapeseed", "rapped", "rapper", "rapping"],
  retard: ["retardant", "retardation"],
  tit: ["tittle", "titter", "blue tit", "great tit", "coal tit", "tit for tat", "blue tits", "great tits", "coal tits"],
  tranny: ["tranny fluid", "tranny swap", "tranny rebuild", "manual tranny", "auto tranny", "automatic tranny"],
  shit: ["shitake", "shiitake"],
  wank: ["wankel"],
};
