import { readFileSync } from "node:fs";
import { moderationCategories } from "@chatmod/core/moderation-categories";
import { describe, expect, it } from "vitest";
import {
  abusiveKinds,
  adversarialSetPath,
  innocentKinds,
  kindTable,
  readAdversarialSet,
} from "../src/moderation/adversarial.ts";
import { parseCsv } from "../src/moderation/csv.ts";
import { measureByKind, readLabelledCsv } from "../src/moderation/evaluation.ts";
import { RULES_VERSION } from "../src/moderation/moderate.ts";
import { defaultPolicy } from "../src/moderation/policy.ts";

const rows = readAdversarialSet();
// Widened to plain strings: the rows are checked against them, not typed by them.
const abusive: readonly string[] = abusiveKinds;
const innocent: readonly string[] = innocentKinds;
const categories: readonly string[] = moderationCategories;
const kinds = [...abusive, ...innocent];
const otherLanguageKinds: readonly string[] = ["insult_other_language", "threat_other_language", "hate_other_language"];
// The issue asks for insults, threats and hate in these languages at least.
const requiredLanguages = ["es", "fr", "de", "pt", "it", "nl"];
const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });

/** Texts that differ only in case, spacing or compatibility forms test the same thing twice. */
const sameText = (text: string) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

describe("the adversarial set's integrity", () => {
  it("has the documented columns and enough rows", () => {
    const [header] = parseCsv(readFileSync(adversarialSetPath, "utf8"));
    expect(header).toEqual(["text", "label", "kind", "category", "lang"]);
    expect(rows.length).toBeGreaterThanOrEqual(360);
  });

  it("has no duplicate texts", () => {
    const seen = new Set<string>();
    const duplicates = rows.map((row) => sameText(row.text)).filter((text) => seen.has(text) || !seen.add(text));
    expect(duplicates).toEqual([]);
  });

  it("holds messages the API would accept: 1 to 2,000 characters, trimmed", () => {
    const bad = rows.filter((row) => row.text.length === 0 || row.text.length > 2000 || row.text !== row.text.trim());
    expect(bad).toEqual([]);
  });

  it("labels every abusive kind flag and every innocent kind clean", () => {
    const wrong = rows.filter(
      (row) =>
        !(
          (abusive.includes(row.kind) && row.label === "flag") ||
          (innocent.includes(row.kind) && row.label === "clean")
        ),
    );
    expect(wrong).toEqual([]);
  });

  it("gives flagged rows a harm category and clean rows the category clean", () => {
    const wrong = rows.filter((row) =>
      row.label === "flag" ? !categories.includes(row.category) : row.category !== "clean",
    );
    expect(wrong).toEqual([]);
  });

  it("names each message's language with an ISO 639-1 code", () => {
    const wrong = rows.filter((row) => !/^[a-z]{2}$/.test(row.lang) || languageNames.of(row.lang) === undefined);
    expect(wrong).toEqual([]);
  });

  it("has at least 25 messages of every kind", () => {
    const counts = Object.fromEntries(kinds.map((kind) => [kind, rows.filter((row) => row.kind === kind).length]));
    for (const kind of kinds) expect.soft(counts[kind], kind).toBeGreaterThanOrEqual(25);
  });

  it("writes the other-language kinds in the six required languages, not English", () => {
    for (const kind of [...otherLanguageKinds, "innocent_other_language"]) {
      const languages = new Set(rows.filter((row) => row.kind === kind).map((row) => row.lang));
      expect.soft(languages.has("en"), kind).toBe(false);
      if (otherLanguageKinds.includes(kind))
        expect.soft([...languages].sort(), kind).toEqual(expect.arrayContaining(requiredLanguages));
    }
  });
});

/**
 * Today's rules on the set: [correct, messages] per kind, where correct counts abusive messages
 * caught (flagged or rejected) and innocent ones passed. A change to the rules may raise a figure,
 * not lower it; raise the floor with it. Adding rows changes the counts: record them again.
 */
const floor: Record<string, readonly [correct: number, messages: number]> = {
  obfuscated_profanity: [31, 32],
  obfuscated_slur: [25, 28],
  harassment_no_profanity: [0, 30],
  threat: [6, 30],
  self_harm_encouragement: [9, 29],
  hate_no_slur: [0, 28],
  insult_other_language: [0, 32],
  threat_other_language: [0, 30],
  hate_other_language: [1, 30],
  innocent_names_places_food_anatomy: [20, 31],
  innocent_other_language: [26, 32],
  banter: [26, 29],
  quoting_to_condemn: [10, 28],
  identity_mention: [30, 30],
  dialect: [29, 29],
  clean_everyday: [30, 30],
};

describe("moderate() on the adversarial set", () => {
  it("does no worse, kind by kind, than the rules did when the set was written", () => {
    const figures = measureByKind(readLabelledCsv(adversarialSetPath), defaultPolicy);
    expect(figures.map((figure) => figure.kind).sort()).toEqual(Object.keys(floor).sort());
    for (const { kind, messages, correct } of figures) {
      const [floorCorrect, floorMessages] = floor[kind] ?? [0, 0];
      expect.soft(messages, `${kind}: messages`).toBe(floorMessages);
      expect.soft(correct, `${kind}: caught or passed`).toBeGreaterThanOrEqual(floorCorrect);
    }
    // The targets belong to the learned moderator still to come; the distance is printed, not asserted.
    console.log(`rules ${RULES_VERSION} on the adversarial set, per kind:\n${kindTable(figures).join("\n")}`);
  });
});
