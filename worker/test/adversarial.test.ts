import { readFileSync } from "node:fs";
import { moderationCategories } from "@chatmod/core/moderation-categories";
import { describe, expect, it } from "vitest";
import {
  abusiveKinds,
  adversarialSetPath,
  innocentKinds,
  kindTable,
  kindTargets,
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
 * Kinds still short of their target, with what the verdict reaches today (messages right): a change
 * may raise them, not lower them. Empty once every kind meets its target.
 */
const shortOfTarget: Record<string, number> = {};

describe("the verdict on the adversarial set", () => {
  it("meets the targets kind by kind (abusive caught, innocent passed)", () => {
    const figures = measureByKind(readLabelledCsv(adversarialSetPath), defaultPolicy);
    expect(figures.map((figure) => figure.kind).sort()).toEqual([...kinds].sort());
    for (const { kind, abusive, messages, correct } of figures) {
      const floor =
        shortOfTarget[kind] ?? Math.ceil(messages * (abusive ? kindTargets.caught : kindTargets.passed) - 1e-9);
      expect.soft(correct, `${kind}: ${correct} of ${messages} right`).toBeGreaterThanOrEqual(floor);
    }
    console.log(
      `rules ${RULES_VERSION} and the classifier on the adversarial set, per kind:\n${kindTable(figures).join("\n")}`,
    );
  });
});
