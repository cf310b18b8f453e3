// The room list as people use it: unread and mention counts that follow a person across devices,
// the tab's title, marking read, @name completion by keyboard, a mention highlighted, and a
// browser notification while the tab is in the background.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "./axe.ts";
import { BrowserStack } from "./stack.ts";
import { createRoom, joinRoom, screenshot, send, signIn, signUp, textOf, waitUntilLive } from "./ui.ts";

let env: BrowserStack;
beforeAll(async () => {
  env = await BrowserStack.start();
});
afterAll(() => env?.close());

// A room list reads a room's changes 500 ms after the first of them (ROOM_LIST_GATHER_MS), so an
// update takes about 550 ms here: poll's default second left too little room on a busy machine.
const LIST_UPDATE = { timeout: 5_000 };
const nav = (page: Page) => page.getByRole("navigation", { name: "Your rooms" });
const navEntry = (page: Page, name: string) => nav(page).getByRole("link", { name: new RegExp(`^#?${name}\\b`) });

describe("the room list", () => {
  it("counts unread and mentions live, follows the person to another device, and clears as they read", async () => {
    const alice = await env.person(env.a);
    const bob = await env.person(env.b, { bypassCSP: true });
    const bobElsewhere = await env.person(env.a);
    const stamp = Date.now().toString(36);
    const busy = `busy${stamp}`;
    const quiet = `quiet${stamp}`;
    const aliceName = await signUp(alice.page, "alice");
    await createRoom(alice.page, busy);
    const bobName = await signUp(bob.page, "bob");
    await joinRoom(bob.page, busy);
    await bob.page.goto("/rooms");
    await createRoom(bob.page, quiet);

    // Bob reads the quiet room while Alice talks in the busy one, naming him once.
    await send(alice.page, "anyone here?");
    await send(alice.page, `@${bobName} have a look`);
    await expect.poll(() => textOf(navEntry(bob.page, busy)), LIST_UPDATE).toMatch(/@1\s*2\b/);
    expect(await navEntry(bob.page, busy).getAttribute("class")).toContain("unread");
    await expect.poll(() => bob.page.title(), LIST_UPDATE).toMatch(/^\(2\) #/);
    await screenshot(bob.page, "room-list-unread");
    await expectAccessible(bob.page, "a room, with unread rooms in the list");

    // The same person on another device sees the same counts, on the directory's cards too.
    await bobElsewhere.page.goto("/sign-in");
    await signIn(bobElsewhere.page, bobName);
    await bobElsewhere.page.getByRole("heading", { name: "Rooms", level: 1 }).waitFor();
    const card = bobElsewhere.page.locator("li.room", { hasText: busy });
    await expect.poll(() => textOf(card), LIST_UPDATE).toContain("2 unread messages, 1 mention");

    // Opening the room (by keyboard, from the list) reads it: the badge goes, here and on the other device.
    // The side list is one Tab stop (the open room's entry); the arrow keys move within it.
    expect(await navEntry(bob.page, quiet).getAttribute("tabindex")).toBe("0");
    expect(await navEntry(bob.page, busy).getAttribute("tabindex")).toBe("-1");
    await navEntry(bob.page, quiet).focus();
    await bob.page.keyboard.press("ArrowUp");
    expect(await navEntry(bob.page, busy).evaluate((link) => link === document.activeElement)).toBe(true);
    await bob.page.keyboard.press("Enter");
    await waitUntilLive(bob.page);
    const mention = bob.page.locator("li.message.mentions-viewer");
    await expect.poll(() => textOf(mention)).toContain("Mentions you");
    await expect.poll(() => bob.page.title(), LIST_UPDATE).toMatch(/^#/);
    await expect.poll(() => textOf(card), LIST_UPDATE).not.toContain("unread");

    // Mark as read from the directory, by keyboard.
    await send(alice.page, "one more");
    await bob.page.goto("/rooms");
    const bobCard = bob.page.locator("li.room", { hasText: busy });
    await expect.poll(() => textOf(bobCard), LIST_UPDATE).toContain("1 unread message");
    await bobCard.getByRole("button", { name: `Mark as read ${busy}` }).focus();
    await bob.page.keyboard.press("Enter");
    await expect.poll(() => textOf(bobCard), LIST_UPDATE).not.toContain("unread");
    await expect.poll(() => textOf(navEntry(bob.page, busy)), LIST_UPDATE).toBe(`#${busy}`);

    // A room created by someone else appears in the directory without a reload.
    const newer = `newer${stamp}`;
    await alice.page.goto("/rooms");
    await createRoom(alice.page, newer);
    await expect.poll(() => bob.page.getByRole("button", { name: `Join ${newer}` }).count(), LIST_UPDATE).toBe(1);
    expect(aliceName).toBeTruthy();
    for (const person of [alice, bob, bobElsewhere]) expect(person.problems).toEqual([]);
  });

  it("completes an @name from the room's members by keyboard, and the person named is told in the background", async () => {
    const alice = await env.person(env.a);
    const bob = await env.person(env.b);
    await bob.context.grantPermissions(["notifications"]);
    // A tab in the background, as the browser would report it, and the notifications it shows.
    await bob.page.addInitScript(() => {
      const page = window as unknown as { shown: string[]; inBackground: boolean };
      page.shown = [];
      page.inBackground = false;
      Object.defineProperty(document, "visibilityState", { get: () => (page.inBackground ? "hidden" : "visible") });
      const Real = window.Notification;
      window.Notification = class extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          page.shown.push(`${title}: ${options?.body ?? ""}`);
        }
      } as typeof Notification;
    });
    const room = `mentions${Date.now().toString(36)}`;
    await signUp(alice.page, "alice");
    await createRoom(alice.page, room);
    const bobName = await signUp(bob.page, "bobby");
    await bob.page.getByLabel(/Notify me when someone mentions me/).check();
    await expect.poll(() => bob.page.getByLabel(/Notify me when someone mentions me/).isChecked()).toBe(true);
    await joinRoom(bob.page, room);
    await bob.page.goto("/rooms");

    // Alice types the start of Bob's name: the list offers him; arrows and Enter take him.
    const box = alice.page.getByLabel(/^Message #/);
    await box.focus();
    await alice.page.keyboard.type(`thanks @${bobName.slice(0, 4)}`);
    const option = alice.page.getByRole("option", { name: `@${bobName}` });
    await option.waitFor();
    expect(await box.getAttribute("aria-activedescendant")).toBe(await option.getAttribute("id"));
    await screenshot(alice.page, "mention-completion");
    await alice.page.keyboard.press("ArrowDown");
    await alice.page.keyboard.press("Enter");
    expect(await box.inputValue()).toBe(`thanks @${bobName} `);
    await alice.page.keyboard.type("for the help");

    await bob.page.evaluate(() => {
      (window as unknown as { inBackground: boolean }).inBackground = true;
    });
    await alice.page.keyboard.press("Enter");
    await expect
      .poll(() => bob.page.evaluate(() => (window as unknown as { shown: string[] }).shown), LIST_UPDATE)
      .toEqual([`You were mentioned in #${room}: 1 new mention`]);

    // Escape closes the list, and Enter then sends what is typed as it is.
    await alice.page.keyboard.type(`@${bobName.slice(0, 4)}`);
    await option.waitFor();
    await alice.page.keyboard.press("Escape");
    await expect.poll(() => option.count()).toBe(0);
    await alice.page.keyboard.press("Enter");
    await expect
      .poll(() => alice.page.locator("li.message .text").last().textContent())
      .toContain(`@${bobName.slice(0, 4)}`);
    for (const person of [alice, bob]) expect(person.problems).toEqual([]);
  });
});
