// Accessibility checks with axe-core, run inside the page: its script is injected from the
// installed package (no network), and any serious or critical violation fails, listed readably.
// The page's context needs `bypassCSP` (BrowserStack.person): the app's CSP allows no inline script.
import { createRequire } from "node:module";
import type { AxeResults } from "axe-core";
import type { Page } from "playwright-core";
import { expect } from "vitest";

const axeScript = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

type Axe = { run: (context: Document, options: object) => Promise<AxeResults> };

/** The serious and critical violations on the page as it is now, one readable block each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axeScript });
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as { axe: Axe };
    const result = await axe.run(document, { resultTypes: ["violations"] });
    // Only what crosses back to Node as JSON.
    return result.violations.map(({ id, impact, help, helpUrl, nodes }) => ({
      id,
      impact: impact ?? null,
      help,
      helpUrl,
      nodes: nodes.map(({ target, failureSummary }) => ({ target: target.map(String), failureSummary })),
    }));
  });
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => {
      const nodes = violation.nodes
        .slice(0, 5)
        .map(
          (node) =>
            `    ${node.target.join(" ")}${node.failureSummary ? `\n      ${node.failureSummary.replace(/\n/g, "\n      ")}` : ""}`,
        )
        .join("\n");
      const more = violation.nodes.length > 5 ? `\n    … and ${violation.nodes.length - 5} more` : "";
      return `[${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}${more}`;
    });
}

/** Fails (softly: every screen of a test is checked and listed) on any serious or critical violation. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const found = await seriousViolations(page);
  expect.soft(found, `axe on "${screen}":\n${found.join("\n")}`).toEqual([]);
}
