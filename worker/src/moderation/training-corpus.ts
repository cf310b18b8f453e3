// The classifier's labelled messages: the vendored corpus (worker/data/moderation-train/, its README
// gives sources, licences and label mappings) plus the development set, with the held-out part
// chosen by a hash of each message so that it is the same on every run and never trained on.

import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCsvRecords } from "./csv.ts";
import { devSetPath } from "./evaluation.ts";

/** The corpus's categories (README "Format"); `toxic` is flagged without a finer type. */
export type CorpusCategory =
  | "clean"
  | "insult"
  | "threat"
  | "identity_hate"
  | "obscene"
  | "harassment"
  | "self_harm"
  | "toxic";

export interface CorpusMessage {
  text: string;
  flag: boolean;
  category: CorpusCategory;
  lang: string;
  source: string;
  /** In the held-out part: measured on, never trained on. */
  heldOut: boolean;
}

export const corpusDirectory = fileURLToPath(new URL("../../data/moderation-train/", import.meta.url));

/** Messages written for this project, in the corpus's format (its README says what and how). */
export const writtenDirectory = fileURLToPath(new URL("../../data/moderation-written/", import.meta.url));
export const writtenSource = "chatmod-written";

/** The development set's rows keep this source name. */
export const devSetSource = "davidson-dev";

/** The Conversation AI sentence templates: synthetic and very repetitive (README "Cautions"). */
export const templateSource = "conversationai-bias-templates";

/** Share of each source held out, in percent. */
const HELD_OUT_PERCENT = 15;

/** Lower-cased with whitespace collapsed, as the corpus normalises for deduplication. */
function normalized(text: string): string {
  return text.toLowerCase().replace(/\s+/g, " ").trim();
}

/** Decided per message by a hash of its normalized text, so each source keeps about 15% back. */
export function isHeldOut(text: string): boolean {
  const digest = createHash("sha1")
    .update(`held-out:${normalized(text)}`)
    .digest();
  return digest.readUInt32BE(0) % 100 < HELD_OUT_PERCENT;
}

/**
 * Share of the training part set aside as a validation fold, in percent: where thresholds and
 * calibration are chosen (pnpm moderation:train --validation, pnpm moderation:tune --model), so
 * that the held-out part stays a measurement and is never fitted to.
 */
const VALIDATION_PERCENT = 15;

/** In the validation fold: a training message, by a second hash independent of the held-out one. */
export function isValidation(message: CorpusMessage): boolean {
  if (message.heldOut) return false;
  const digest = createHash("sha1")
    .update(`validation:${normalized(message.text)}`)
    .digest();
  return digest.readUInt32BE(0) % 100 < VALIDATION_PERCENT;
}

const categories = new Set<string>([
  "clean",
  "insult",
  "threat",
  "identity_hate",
  "obscene",
  "harassment",
  "self_harm",
  "toxic",
]);

function corpusFiles(): string[] {
  const manifest = JSON.parse(readFileSync(`${corpusDirectory}manifest.json`, "utf8")) as {
    files: { file: string }[];
  };
  return manifest.files.map((entry) => entry.file);
}

function writtenFiles(): string[] {
  return readdirSync(writtenDirectory)
    .filter((file) => file.endsWith(".csv"))
    .sort()
    .map((file) => `${writtenDirectory}${file}`);
}

function readCorpusFile(path: string): CorpusMessage[] {
  const file = basename(path);
  return parseCsvRecords(readFileSync(path, "utf8")).map((record, index) => {
    const { text = "", label, category = "", lang = "", source = "" } = record;
    if ((label !== "flag" && label !== "clean") || !categories.has(category))
      throw new Error(`${file}: record ${index + 1} has label ${label} and category ${category}`);
    return {
      text,
      flag: label === "flag",
      category: category as CorpusCategory,
      lang,
      source,
      heldOut: isHeldOut(text),
    };
  });
}

// Davidson's classes: hate speech is aimed at a group; "offensive" has no finer type.
const devSetCategories: Readonly<Record<string, CorpusCategory>> = {
  hate: "identity_hate",
  offensive: "toxic",
  neither: "clean",
};

function readDevSet(): CorpusMessage[] {
  return parseCsvRecords(readFileSync(devSetPath, "utf8"))
    .filter((record) => record["text"] !== undefined && record["text"] !== "")
    .map((record) => {
      const text = record["text"] ?? "";
      return {
        text,
        flag: record["label"] === "flag",
        category: devSetCategories[record["class"] ?? ""] ?? (record["label"] === "flag" ? "toxic" : "clean"),
        lang: "en",
        source: devSetSource,
        heldOut: isHeldOut(text),
      };
    });
}

/**
 * Every labelled message: the corpus's sources in the manifest's order, the written files by name,
 * then the development set; rows in file order.
 */
export function readTrainingCorpus(): CorpusMessage[] {
  return [
    ...corpusFiles()
      .map((file) => `${corpusDirectory}${file}`)
      .flatMap(readCorpusFile),
    ...writtenFiles().flatMap(readCorpusFile),
    ...readDevSet(),
  ];
}
