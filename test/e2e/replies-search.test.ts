// Replies and search in the browser, keyboard only: a quoted preview opens its original beyond the
// loaded pages; Reply, Escape and Enter in the composer; a search result opens the history at its message.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { expectAccessible } from "./axe.ts";
import { BrowserStack } from "./stack.ts";
import { createRoom, joinRoom, screenshot, signUp, textOf, texts, tokenOf, waitUntilLive } from "./ui.ts";

let env: BrowserStack;
beforeAll(async () => {
  env = await BrowserStack.start();
});
afterAll(() => env?.close());

const POST = gql<
  { sendMessage: { id: string; seq: number } },
  { input: { roomId: string; text: string; clientId: string; replyToId?: string } }
>(`mutation($input: SendMessageInput!) { sendMessage(input: $input) { id seq } }`);

const focusedText = (page: Page) =>
  page.evaluate(() => (document.activeElement?.textContent ?? "").replace(/\s+/g, " ").trim());
const composer = (page: Page) => page.getByLabel(/^Message #/);

describe("replies and search", () => {
  it("opens a reply's original and a search hit beyond the loaded page, by keyboard", async () => {
    const alice = await env.person(env.a);
    const bob = await env.person(env.b, { bypassCSP: true });
    await signUp(alice.page, "quoter");
    const name = `replies${Date.now().toString(36)}`;
    await createRoom(alice.page, name);
    const token = await tokenOf(alice.page);
    const api = env.a.api.client.as(token);
    const room = (await api.ok(gql<{ room: { id: string } }>(`{ room(slug: "${name.toLowerCase()}") { id } }`))).room;
    const post = async (text: string, replyToId?: string) =>
      (await api.ok(POST, { input: { roomId: room.id, text, clientId: crypto.randomUUID(), replyToId } })).sendMessage;
    const sent = [];
    for (let i = 1; i <= 90; i++) sent.push(await post(i === 3 ? "the hidden treasure map is here" : `old ${i}`));

    await signUp(bob.page, "finder");
    await joinRoom(bob.page, name);
    await expect.poll(async () => (await texts(bob.page)).length).toBe(40);
    expect(await texts(bob.page)).not.toContain("old 2");

    // A reply to the second message, far beyond the loaded page, arrives live with its quote.
    await post("replying to an old one", sent[1]!.id);
    const quote = bob.page.locator("li.message button.quote").last();
    await expect.poll(() => textOf(quote)).toContain("old 2");
    // The list is one Tab stop: End goes to the latest message, Tab into its controls (Reply, then the quote).
    await bob.page.getByRole("region", { name: "Messages" }).focus();
    await bob.page.keyboard.press("End");
    await bob.page.keyboard.press("Tab");
    expect(await focusedText(bob.page)).toMatch(/^↩ ?Reply to quoter/);
    await bob.page.keyboard.press("Tab");
    expect(await focusedText(bob.page)).toMatch(/^In reply to quoter\S*: old 2\. Show the original message\.$/);
    await bob.page.keyboard.press("Enter");
    const original = bob.page.locator(`li.message[data-seq="${sent[1]!.seq}"]`);
    await expect.poll(() => original.evaluate((el) => el === document.activeElement), { timeout: 15_000 }).toBe(true);
    expect(await original.getAttribute("class")).toContain("highlighted");
    expect(await original.isVisible()).toBe(true);
    await screenshot(bob.page, "reply-opened-original");
    await expectAccessible(bob.page, "reply's original opened");

    // Reply by keyboard: Tab from the focused message to its Reply, Escape cancels, Enter sends with the quote.
    await bob.page.keyboard.press("Tab");
    expect(await focusedText(bob.page)).toMatch(/^↩ ?Reply to quoter/);
    await bob.page.keyboard.press("Enter");
    const banner = bob.page.locator(".reply-banner");
    await expect.poll(() => textOf(banner)).toMatch(/^Replying to quoter\S*: old 2 Cancel/);
    expect(await composer(bob.page).evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(bob.page, "reply-composing");
    await expectAccessible(bob.page, "replying in the composer");
    await bob.page.keyboard.press("Escape");
    await expect.poll(() => banner.count()).toBe(0);
    await original.getByRole("button", { name: /^Reply to / }).focus();
    await bob.page.keyboard.press("Enter");
    await bob.page.keyboard.type("found it");
    await bob.page.keyboard.press("Enter");
    await expect.poll(() => banner.count()).toBe(0);
    const mine = bob.page.locator("li.message", { hasText: "found it" });
    await expect.poll(() => textOf(mine.locator("button.quote"))).toContain("old 2");
    await waitUntilLive(bob.page);

    // Search, by keyboard: the box, Enter, ArrowDown to the first result, Enter opens it.
    await bob.page.reload();
    await waitUntilLive(bob.page);
    await bob.page.getByRole("button", { name: "Search", exact: true }).focus();
    await bob.page.keyboard.press("Enter");
    await expect.poll(() => bob.page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("search");
    await bob.page.keyboard.type("Treasure");
    await bob.page.keyboard.press("Enter");
    const hits = bob.page.locator(".search-panel button.hit");
    await expect.poll(() => hits.count()).toBe(1);
    expect(await hits.first().locator("mark").allInnerTexts()).toEqual(["treasure"]);
    await screenshot(bob.page, "search-results");
    await expectAccessible(bob.page, "search results");
    await bob.page.keyboard.press("ArrowDown");
    expect(await focusedText(bob.page)).toContain("the hidden treasure map is here");
    await bob.page.keyboard.press("Enter");
    const treasure = bob.page.locator(`li.message[data-seq="${sent[2]!.seq}"]`);
    await expect.poll(() => treasure.evaluate((el) => el === document.activeElement), { timeout: 15_000 }).toBe(true);
    expect(await treasure.isVisible()).toBe(true);
    await screenshot(bob.page, "search-opened-message");

    // Still live after jumping: a new message arrives at the end.
    await post("after the jump");
    await expect.poll(async () => (await texts(bob.page)).at(-1)).toBe("after the jump");
    // An empty search says so.
    const box = bob.page.getByRole("searchbox");
    await box.fill("   ");
    await box.press("Enter");
    await expect.poll(() => textOf(bob.page.locator(".search-panel [role=alert]"))).toContain("Type something");
    expect(alice.problems.concat(bob.problems)).toEqual([]);
  });
});
