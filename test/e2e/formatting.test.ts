// Links, markdown and time in a real browser: what a sender types shows formatted (and never as
// markup), links are safe, every message tells its time on hover and on keyboard focus, days are
// separated, and the browser's locale picks 12 or 24 hours. Two people on two API replicas.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { SEND_MESSAGE } from "../helpers/operations.ts";
import { withSql } from "../helpers/people.ts";
import { expectAccessible } from "./axe.ts";
import { BrowserStack } from "./stack.ts";
import { createRoom, joinRoom, screenshot, send, signUp, texts, tokenOf as token } from "./ui.ts";

let env: BrowserStack;
beforeAll(async () => {
  env = await BrowserStack.start();
});
afterAll(() => env?.close());

const composer = (page: Page) => page.getByLabel(/^Message #/);
/** The message row that has the keyboard focus (or holds it), by its text. */
const focusedMessage = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest("li.message")?.querySelector(".text")?.textContent?.trim() ?? "");
/** How visible a message's own time is (0: hidden until hover or focus). */
const timeOpacity = (page: Page, text: string) =>
  page
    .locator("li.message", { has: page.locator(".text", { hasText: text }) })
    .locator("time.sent")
    .evaluate((el) => getComputedStyle(el).opacity);

/** From the message box, onto the list (one Tab stop), then up the messages to the one whose text matches. */
async function arrowTo(page: Page, text: RegExp): Promise<void> {
  await composer(page).focus();
  await page.keyboard.press("Shift+Tab");
  for (let i = 0; i < 12 && !text.test(await focusedMessage(page)); i++) await page.keyboard.press("ArrowUp");
  expect(await focusedMessage(page)).toMatch(text);
}

describe("links and markdown", () => {
  it("shows the subset formatted and safe links, typed markup as text, on another replica; the API keeps it as typed", async () => {
    const alice = await env.person(env.a, { bypassCSP: true });
    const bob = await env.person(env.b, { bypassCSP: true, dark: true });
    await signUp(alice.page, "alice");
    const room = `Format ${Date.now().toString(36)}`;
    await createRoom(alice.page, room);
    await signUp(bob.page, "bob");
    await joinRoom(bob.page, room);

    const typed = [
      "**bold** _italic_ ~~struck~~ `a < b` see https://example.com/path?q=1 or mailto:team@example.com",
      "```\nconst ok = 1 < 2 && **not bold**;\n```",
      "> a quoted line\nand my reply",
      '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 1"> [click](javascript:window.pwned=1) javascript:window.pwned=1',
    ];
    for (const text of typed) await send(alice.page, text);
    await expect.poll(async () => (await texts(bob.page)).length, { timeout: 10_000 }).toBe(4);

    for (const page of [alice.page, bob.page]) {
      const [links, code, quote, attack] = [0, 1, 2, 3].map((n) => page.locator("li.message .text").nth(n));
      expect(await links!.locator("strong").textContent()).toBe("bold");
      expect(await links!.locator("em").textContent()).toBe("italic");
      expect(await links!.locator("s").textContent()).toBe("struck");
      expect(await links!.locator("code").textContent()).toBe("a < b");
      const anchors = await links!
        .locator("a")
        .evaluateAll((els) =>
          els.map((a) => [a.getAttribute("href"), a.getAttribute("rel"), a.getAttribute("target")]),
        );
      expect(anchors).toEqual([
        ["https://example.com/path?q=1", "noopener noreferrer nofollow ugc", "_blank"],
        ["mailto:team@example.com", "noopener noreferrer nofollow ugc", null],
      ]);
      expect(await code!.locator("pre > code").textContent()).toBe("const ok = 1 < 2 && **not bold**;\n");
      expect((await quote!.locator("blockquote").textContent())?.trim()).toBe("a quoted line");
      expect(await quote!.locator(":scope > p").textContent()).toBe("and my reply");
      // The attack is text: no element made of it, no link to javascript:, nothing ran.
      expect(await attack!.locator("script, img, a").count()).toBe(0);
      expect((await attack!.textContent())?.trim()).toBe(typed[3]);
      expect(await page.evaluate(() => "pwned" in window)).toBe(false);
    }

    // What moderation reads (and the API gives every client) is the text as typed.
    const api = env.b.api.client.as(await token(bob.page));
    const slug = room.toLowerCase().replace(/ /g, "-");
    const stored = await api.ok(
      gql<{ room: { messages: { edges: { node: { text: string } }[] } } | null }>(
        `{ room(slug: "${slug}") { messages(first: 10) { edges { node { text } } } } }`,
      ),
    );
    expect(stored.room?.messages.edges.map((edge) => edge.node.text).reverse()).toEqual(typed); // newest first

    // Keyboard only: onto the list, up to the message, Tab into it reaches its links, in order.
    await arrowTo(bob.page, /^bold italic struck/);
    const reached: string[] = [];
    for (let i = 0; i < 4 && reached.length < 2; i++) {
      await bob.page.keyboard.press("Tab");
      const href = await bob.page.evaluate(() => document.activeElement?.getAttribute("href") ?? "");
      if (href.startsWith("https:") || href.startsWith("mailto:")) reached.push(href);
    }
    expect(reached).toEqual(["https://example.com/path?q=1", "mailto:team@example.com"]);
    expect(await timeOpacity(bob.page, "bold italic struck")).toBe("1");
    await screenshot(bob.page, "formatting-markdown-dark");
    await composer(alice.page).focus();
    await screenshot(alice.page, "formatting-markdown-light");

    await expectAccessible(alice.page, "a room with formatted messages");
    await expectAccessible(bob.page, "a room with formatted messages, a link focused (dark)");
    expect([...alice.problems, ...bob.problems]).toEqual([]);
  });
});

describe("days and times", () => {
  it("separates days, shows every message's time on hover and focus, 24 h in en-GB and 12 h in en-US", async () => {
    const alice = await env.person(env.a);
    await signUp(alice.page, "alice");
    const room = `Days ${Date.now().toString(36)}`;
    await createRoom(alice.page, room);
    const slug = room.toLowerCase().replace(/ /g, "-");
    const api = env.a.api.client.as(await token(alice.page));
    const roomId = (await api.ok(gql<{ room: { id: string } | null }>(`{ room(slug: "${slug}") { id } }`))).room!.id;

    // Older messages, dated back in the database (UTC; both readers' browsers are set to UTC).
    const day = 24 * 60 * 60_000;
    const midnight = new Date();
    midnight.setUTCHours(0, 0, 0, 0);
    const at = (daysAgo: number, hour: number, minute: number) =>
      new Date(midnight.getTime() - daysAgo * day + (hour * 60 + minute) * 60_000);
    const seeded = [
      { text: "five days ago", at: at(5, 15, 7) },
      { text: "yesterday afternoon", at: at(1, 15, 7) },
      { text: "a minute later", at: at(1, 15, 8) },
    ];
    for (const [n, message] of seeded.entries())
      await api.ok(SEND_MESSAGE, { input: { roomId, text: message.text, clientId: `${slug}-${n}` } });
    await withSql(env.stack.databaseUrl, async (sql) => {
      for (const [n, message] of seeded.entries())
        await sql.query(`UPDATE "Message" SET "createdAt" = $1 WHERE "clientId" = $2`, [message.at, `${slug}-${n}`]);
    });
    await api.ok(SEND_MESSAGE, { input: { roomId, text: "today", clientId: `${slug}-today` } });
    await api.ok(SEND_MESSAGE, { input: { roomId, text: "today again", clientId: `${slug}-today-2` } });

    const briton = await env.person(env.b, { bypassCSP: true, locale: "en-GB", timezoneId: "UTC" });
    const american = await env.person(env.a, { locale: "en-US", timezoneId: "UTC" });
    await signUp(briton.page, "briton");
    await joinRoom(briton.page, room);
    await signUp(american.page, "american");
    await joinRoom(american.page, room);
    const expectedTexts = ["five days ago", "yesterday afternoon", "a minute later", "today", "today again"];
    for (const page of [briton.page, american.page])
      await expect.poll(() => texts(page), { timeout: 10_000 }).toEqual(expectedTexts);

    // The separators: the older day by weekday and date, in each locale's order.
    const older = seeded[0]!.at;
    const label = (locale: string) =>
      new Intl.DateTimeFormat(locale, {
        weekday: "long",
        day: "numeric",
        month: "long",
        timeZone: "UTC",
        ...(older.getUTCFullYear() === midnight.getUTCFullYear() ? {} : { year: "numeric" }),
      }).format(older);
    const separators = (page: Page) => page.locator("li.day").allInnerTexts();
    expect(await separators(briton.page)).toEqual([label("en-GB"), "Yesterday", "Today"]);
    expect(await separators(american.page)).toEqual([label("en-US"), "Yesterday", "Today"]);
    expect(label("en-GB")).toMatch(/^\w+day,? \d{1,2} \w+/);
    // Separators are not items of the list for screen readers; the day's first message says its day.
    expect(await briton.page.locator("li.day[aria-hidden=true]").count()).toBe(3);
    const meta = (page: Page, text: string) =>
      page.locator("li.message", { has: page.locator(".text", { hasText: text }) }).locator(".meta");
    expect(await meta(briton.page, "yesterday afternoon").textContent()).toMatch(
      /^Yesterday: briton|^Yesterday: alice/,
    );

    // Times: 24 hours in en-GB, 12 in en-US; each a <time> with its instant and the full date as its title.
    const time = (page: Page, text: string) =>
      page.locator("li.message", { has: page.locator(".text", { hasText: text }) }).locator("time.sent");
    expect(await time(briton.page, "yesterday afternoon").textContent()).toBe("15:07");
    expect((await time(american.page, "yesterday afternoon").textContent())?.replace(/\s/g, " ")).toBe("3:07 PM");
    expect(await time(briton.page, "yesterday afternoon").getAttribute("datetime")).toBe(seeded[1]!.at.toISOString());
    expect(await time(briton.page, "yesterday afternoon").getAttribute("title")).toContain(
      String(seeded[1]!.at.getUTCFullYear()),
    );

    // A grouped message's time is hidden until the message is hovered or has the keyboard focus.
    expect(await briton.page.locator("li.message.grouped").count()).toBe(2); // "a minute later", "today again"
    expect(await timeOpacity(briton.page, "a minute later")).toBe("0");
    await arrowTo(briton.page, /^a minute later$/);
    expect(await timeOpacity(briton.page, "a minute later")).toBe("1");
    expect(await time(briton.page, "a minute later").textContent()).toBe("15:08");
    await screenshot(briton.page, "formatting-days-en-GB-grouped-time-focused");
    await expectAccessible(briton.page, "a room with day separators, a grouped message focused");
    await briton.page.keyboard.press("ArrowDown"); // "today": its time always shows; the grouped one hides again
    expect(await focusedMessage(briton.page)).toBe("today");
    expect(await timeOpacity(briton.page, "a minute later")).toBe("0");

    await composer(american.page).focus();
    await american.page.locator("li.message", { hasText: "today again" }).hover();
    expect(await timeOpacity(american.page, "today again")).toBe("1");
    expect(await time(american.page, "today again").textContent()).toMatch(/^\d{1,2}:\d{2}\s[AP]M$/);
    await screenshot(american.page, "formatting-days-en-US-hover");
    expect([...alice.problems, ...briton.problems, ...american.problems]).toEqual([]);
  });
});
