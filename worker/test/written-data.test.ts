import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readAdversarialSet } from "../src/moderation/adversarial.ts";
import { parseCsv, parseCsvRecords } from "../src/moderation/csv.ts";
import { dialectSentences } from "../src/moderation/dialect-fairness.ts";
import { identitySentences } from "../src/moderation/identity-fairness.ts";
import { nearDuplicate, shingled } from "../src/moderation/near-duplicates.ts";
import { writtenDirectory, writtenSource } from "../src/moderation/training-corpus.ts";

const files = readdirSync(writtenDirectory).filter((file) => file.endsWith(".csv"));
type WrittenRow = { file: string; text: string; label: string; category: string; lang: string; source: string };
const rows: WrittenRow[] = files.flatMap((file) =>
  parseCsvRecords(readFileSync(`${writtenDirectory}${file}`, "utf8")).map(
    ({ text = "", label = "", category = "", lang = "", source = "" }) => ({
      file,
      text,
      label,
      category,
      lang,
      source,
    }),
  ),
);
const categories = ["clean", "insult", "harassment", "threat", "self_harm", "identity_hate", "obscene", "toxic"];
const languages = ["en", "es", "fr", "de", "pt", "it", "nl", "sv", "no", "da", "fi"];
const sameText = (text: string) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

describe("the messages written for training", () => {
  it("are in the corpus's format", () => {
    for (const file of files) {
      const [header] = parseCsv(readFileSync(`${writtenDirectory}${file}`, "utf8"));
      expect({ file, header }).toEqual({ file, header: ["text", "label", "category", "lang", "source"] });
    }
    const bad = rows.filter(
      (row) =>
        !row.text ||
        row.text.length > 2000 ||
        row.source !== writtenSource ||
        !languages.includes(row.lang) ||
        !categories.includes(row.category) ||
        (row.label === "clean") !== (row.category === "clean") ||
        (row.label !== "clean" && row.label !== "flag"),
    );
    expect(bad).toEqual([]);
    expect(rows.length).toBeGreaterThan(3000);
  });

  it("hold no text twice, across all files", () => {
    const seen = new Set<string>();
    const twice = rows.map((row) => sameText(row.text)).filter((text) => seen.has(text) || !seen.add(text));
    expect(twice).toEqual([]);
  });

  it("hold nothing near a message of the adversarial set or the fairness sets, which must stay unseen", () => {
    const adversarial = [
      ...readAdversarialSet().map((row) => row.text),
      ...Object.values(dialectSentences).flat(),
      ...identitySentences().map((sentence) => sentence.text),
    ].map(shingled);
    const near = rows.flatMap((row) => {
      const written = shingled(row.text);
      const match = adversarial.find((other) => nearDuplicate(other, written));
      return match ? [`${row.file}: "${row.text}" is near "${match.text}"`] : [];
    });
    expect(near).toEqual([]);
  });

  it("tells near duplicates from messages that only share words", () => {
    const near = (a: string, b: string) => nearDuplicate(shingled(a), shingled(b));
    expect(near("so dove abiti", "so dove abiti, via Garibaldi giusto?")).toBe(true);
    expect(near("go play in traffic", "Why don't you GO PLAY in traffic")).toBe(true);
    expect(near("je vais te tuer", "je vais te suivre partout")).toBe(false);
    expect(
      near("the world would be better without you, act on it", "the world would be better without you. act on it"),
    ).toBe(true);
    expect(near("nobody here likes you at all", "everyone here likes pizza at all times")).toBe(false);
  });
});
