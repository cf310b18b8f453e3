// The web app's own answers: the same security headers from the built-in server as from nginx
// (one definition, deploy/nginx/security-headers.conf), and the app running under that
// Content-Security-Policy in Chromium with no violation, while the policy does block inline script.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readSecurityHeaders } from "@chatmod/web/serve";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ADMIN } from "../helpers/stack.ts";
import { BrowserStack } from "./stack.ts";
import { createRoom, send, signIn, signUp, texts } from "./ui.ts";

const repo = fileURLToPath(new URL("../../", import.meta.url));

let env: BrowserStack;
beforeAll(async () => {
  env = await BrowserStack.start();
});
afterAll(() => env?.close());

const EXPECTED = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

describe("the web server's headers", () => {
  it("are defined once, and are the policy the app needs", () => {
    expect(readSecurityHeaders()).toEqual(EXPECTED);
  });

  it("are on every answer of the built-in server: the app, its routes, assets, and errors", async () => {
    const base = env.a.web.url;
    const script = readdirSync(`${repo}web/dist/assets`).find((name) => name.endsWith(".js"));
    const answers: [string, RequestInit, string, number][] = [
      ["the app", {}, "/", 200],
      ["a route of the app", {}, "/rooms/lobby", 200],
      ["index.html", {}, "/index.html", 200],
      ["a bundle", {}, `/assets/${script}`, 200],
      ["the icon", {}, "/favicon.svg", 200],
      ["HEAD", { method: "HEAD" }, "/", 200],
      ["a missing asset", {}, "/assets/missing.js", 404],
      ["outside the app", {}, "/..%2fpackage.json", 403],
      ["a POST", { method: "POST" }, "/", 405],
    ];
    for (const [name, init, path, status] of answers) {
      const response = await fetch(`${base}${path}`, init);
      const headers = Object.fromEntries(Object.keys(EXPECTED).map((header) => [header, response.headers.get(header)]));
      expect({ name, status: response.status, headers }).toEqual({ name, status, headers: EXPECTED });
      expect(response.headers.get("strict-transport-security")).toBeNull();
    }
    // The API's own answers pass through with the API's headers (and its CORS: same origin, none needed).
    const health = await fetch(`${base}/health`);
    expect(health.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(health.headers.get("x-frame-options")).toBe("DENY");
  });

  it("are what nginx sends too: every location that serves the app includes the definition", () => {
    const conf = readFileSync(`${repo}deploy/nginx/web.conf`, "utf8");
    const locations = [...conf.matchAll(/^\s*location\s+([^{]+)\{([^}]*)\}/gm)].map(([, where, body]) => ({
      where: where!.trim(),
      body: body!,
    }));
    const serving = locations.filter((location) => !location.body.includes("proxy_pass"));
    expect(serving.map((location) => location.where)).toEqual(["/assets/", "= /index.html", "/"]);
    for (const { where, body } of serving)
      expect({ where, includes: body.includes("include /etc/nginx/chatmod/security-headers.conf;") }).toEqual({
        where,
        includes: true,
      });
    // The image puts the definition where the include looks for it.
    expect(readFileSync(`${repo}Dockerfile`, "utf8")).toContain(
      "COPY deploy/nginx/security-headers.conf /etc/nginx/chatmod/security-headers.conf",
    );
    // HSTS from nginx only over https, where TLS terminates.
    expect(conf).toMatch(/map \$scheme \$chatmod_hsts \{\s+https\s+"max-age=\d+[^"]*";\s+default\s+"";/);
  });
});

/** Records the page's CSP violations, from before its first script runs. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

describe("the app under its Content-Security-Policy", () => {
  it("runs with no violation: signing up, a live room, sending, and the moderation screens", async () => {
    const alice = await env.person(env.a);
    const violations = await watchViolations(alice.page);
    const policies: string[] = [];
    alice.page.on("response", (response) => {
      if (response.request().resourceType() === "document")
        policies.push(response.headers()["content-security-policy"] ?? "none");
    });
    await signUp(alice.page, "alice");
    await createRoom(alice.page, `Strict ${Date.now()}`);
    // The socket (connect-src 'self', ws: on the page's origin) carries the send and the message back.
    await send(alice.page, "under the policy");
    await expect.poll(() => texts(alice.page), { timeout: 10_000 }).toEqual(["under the policy"]);

    const chief = await env.person(env.b);
    const chiefViolations = await watchViolations(chief.page);
    await chief.page.goto("/sign-in");
    await signIn(chief.page, TEST_ADMIN.username, TEST_ADMIN.password);
    // A lazily loaded view: its script and stylesheet come as files too.
    await chief.page.getByRole("link", { name: "Moderation" }).click();
    await chief.page.getByRole("heading", { name: "Moderation", level: 1 }).waitFor();
    const styled = await chief.page.evaluate(() => document.styleSheets.length);
    expect(styled).toBeGreaterThan(1);

    expect(policies.length).toBeGreaterThan(0);
    expect(new Set(policies)).toEqual(new Set([EXPECTED["content-security-policy"]]));
    expect([...(await violations()), ...(await chiefViolations())]).toEqual([]);
    expect([...alice.problems, ...chief.problems]).toEqual([]);
  });

  it("blocks inline script, so the policy is really in force", async () => {
    const bob = await env.person(env.a);
    const violations = await watchViolations(bob.page);
    await bob.page.goto("/sign-in");
    await bob.page.getByRole("button", { name: "Sign in" }).waitFor();
    await bob.page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.inlineRan = true";
      document.body.append(script);
    });
    await expect.poll(violations).toEqual([expect.stringMatching(/^script-src-elem inline$/)]);
    expect(await bob.page.evaluate(() => "inlineRan" in window)).toBe(false);
  });
});
