// Runs every suite (types, lint, unused code, the Vitest projects) and ends with one line:
// "N passed, N failed", summing them all. Exits non-zero when anything failed.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

type Tally = { passed: number; failed: number };
const total: Tally = { passed: 0, failed: 0 };
mkdirSync("test-artifacts", { recursive: true });

/** A check that passes or fails as a whole counts as one test. */
function check(name: string, command: string, args: string[]): void {
  console.log(`\n▶ ${name}: ${command} ${args.join(" ")}`);
  const ok = spawnSync(command, args, { stdio: "inherit" }).status === 0;
  total[ok ? "passed" : "failed"] += 1;
  console.log(`${ok ? "✓" : "✗"} ${name}`);
}

/** A Vitest run counts test by test, read from its JSON report. */
function vitest(name: string, args: string[]): void {
  const report = `test-artifacts/${name}.json`;
  console.log(`\n▶ ${name}: vitest run ${args.join(" ")}`);
  const run = spawnSync(
    "pnpm",
    ["exec", "vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...args],
    { stdio: "inherit" },
  );
  try {
    const result = JSON.parse(readFileSync(report, "utf8")) as { numPassedTests: number; numFailedTests: number };
    total.passed += result.numPassedTests;
    // A run that crashed, or failed outside any test (a setup hook), still counts as a failure.
    total.failed += result.numFailedTests || (run.status === 0 ? 0 : 1);
  } catch {
    total.failed += 1;
  }
}

check("typecheck", "pnpm", ["-r", "typecheck"]);
check("lint", "pnpm", ["exec", "biome", "check", "."]);
// Files, exports and dependencies nothing uses (knip.config.ts lists each package's entry points).
check("unused", "pnpm", ["exec", "knip"]);
vitest("vitest", process.argv.slice(2));
// The browser tests: Chromium against the real stack (two API replicas, the worker, the built app).
vitest("e2e", ["--config", "test/e2e/vitest.config.ts"]);

const summary = `${total.passed} passed, ${total.failed} failed`;
writeFileSync("test-artifacts/summary.txt", `${summary}\n`);
console.log(`\n${summary}`);
process.exit(total.failed === 0 ? 0 : 1);
