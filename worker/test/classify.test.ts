import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { moderationCategories } from "@chatmod/core/moderation-categories";
import { describe, expect, it } from "vitest";
import { assess } from "../src/moderation/assess.ts";
import { roomPolicy } from "../src/policy.ts";

const script = fileURLToPath(new URL("../src/classify.ts", import.meta.url));

/** The command as an operator runs it: its own process, messages on standard input or in a file. */
function classify(args: string[], input = "") {
  const run = spawnSync(process.execPath, [script, ...args], { input, encoding: "utf8" });
  const verdicts = run.stdout
    .split("\n")
    .filter((line) => line !== "")
    .map(
      (line) =>
        JSON.parse(line) as {
          text: string;
          status: string;
          reasons: string[];
          categories: Record<string, number>;
          evidence: string[];
        },
    );
  return { status: run.status, verdicts, stderr: run.stderr };
}

describe("pnpm moderation:classify", () => {
  it("prints, for each line, the verdict the worker would store", () => {
    const texts = ["hello there, how was the match?", "you are a f.u.c.k.i.n.g idiot", "kill yourself"];
    const { status, verdicts } = classify([], `${texts.join("\n")}\n\n`);
    expect(status).toBe(0);
    expect(verdicts.map((verdict) => verdict.text)).toEqual(texts);
    for (const verdict of verdicts) {
      const { status: expected, reasons, categories, evidence } = assess(verdict.text, roomPolicy({}, "POST"));
      expect({ ...verdict, text: undefined }).toMatchObject({ status: expected, reasons, categories, evidence });
    }
    expect(verdicts.map((verdict) => verdict.status)).toEqual(["APPROVED", "FLAGGED", "REJECTED"]);
    // Every category is scored; reasons are plain words, with no scores or matching internals.
    expect(Object.keys(verdicts[0]?.categories ?? {}).sort()).toEqual([...moderationCategories].sort());
    expect(verdicts[2]?.reasons).toContain("encouraging someone to harm themselves");
    expect(verdicts.flatMap((verdict) => verdict.reasons).join(" ")).not.toMatch(/[0-9"<=]|matched|sentiment/);
  });

  it("reads a CSV's text column and applies a room policy", () => {
    const file = join(mkdtempSync(join(tmpdir(), "classify-")), "past.csv");
    writeFileSync(file, 'id,text\n1,"buy crypto now, friends"\n2,"see you, tomorrow"\n');
    const { status, verdicts } = classify([file, "--policy", '{"blockedTerms":["crypto"]}']);
    expect(status).toBe(0);
    expect(verdicts.map(({ text, status, reasons }) => [text, status, reasons])).toEqual([
      ["buy crypto now, friends", "FLAGGED", ["a word this room does not allow"]],
      ["see you, tomorrow", "APPROVED", []],
    ]);
  });

  it("applies a room's category thresholds", () => {
    const text = "you are a worthless idiot and everyone here is laughing at you";
    const [byDefault] = classify([], text).verdicts;
    const strict = classify(["--policy", '{"categoryThresholds":{"insult":{"flag":0.05,"reject":0.06}}}'], text);
    expect(byDefault?.status).not.toBe("REJECTED");
    expect(strict.verdicts[0]?.status).toBe("REJECTED");
    expect(strict.verdicts[0]?.reasons).toContain("an insult aimed at someone");
    const badThresholds = classify(["--policy", '{"categoryThresholds":{"insult":{"flag":0.9,"reject":0.5}}}']);
    expect(badThresholds.status).toBe(2);
    expect(badThresholds.stderr).toContain("categoryThresholds");
  });

  it("refuses a policy the API would refuse, and a mode it does not know, with exit code 2", () => {
    const badPolicy = classify(["--policy", '{"thresholds":{"flagSeverity":"big"}}']);
    expect(badPolicy.status).toBe(2);
    expect(badPolicy.stderr).toContain("thresholds.flagSeverity");
    const badMode = classify(["--mode", "LATER"]);
    expect(badMode.status).toBe(2);
    expect(badMode.stderr).toContain("--mode is POST or PRE");
  });
});
