// Reactions in two browsers on two replicas, keyboard only: the Add reaction menu (arrows, Enter,
// Escape), chips that toggle, live counts and names on the other side, and the muted state.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { expectAccessible } from "./axe.ts";
import { BrowserStack } from "./stack.ts";
import { createRoom, joinRoom, screenshot, send, signUp, texts, userIdOf as userId } from "./ui.ts";

const TIME_OUT = gql<
  { timeOutMember: { id: string } },
  { input: { roomId: string; userId: string; minutes: number; reason: string } }
>(`mutation($input: TimeoutInput!) { timeOutMember(input: $input) { id } }`);
const ROOM = gql<{ room: { id: string } | null }, { slug: string }>(
  `query($slug: String!) { room(slug: $slug) { id } }`,
);

let env: BrowserStack;
beforeAll(async () => {
  env = await BrowserStack.start();
});
afterAll(() => env?.close());

const composer = (page: Page) => page.getByLabel(/^Message #/);
/** The focused button, by its accessible name (its aria-label, or its text but what is aria-hidden); "" for anything else. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (el?.tagName !== "BUTTON") return "";
    const label = el.getAttribute("aria-label");
    if (label) return label;
    const copy = el.cloneNode(true) as Element;
    for (const hidden of copy.querySelectorAll("[aria-hidden]")) hidden.remove();
    return (copy.textContent ?? "").replace(/\s+/g, " ").trim();
  });
/** The chips under the latest message: their names, and whether each is pressed. */
const chips = (page: Page) =>
  page
    .locator("li.message")
    .last()
    .locator("button.chip")
    .evaluateAll((buttons) =>
      buttons.map((button) => `${button.getAttribute("aria-label")} [${button.getAttribute("aria-pressed")}]`),
    );

/** From the message box, keyboard only: onto the list, up to the latest message, Tab until `name` has focus. */
async function tabToInLatest(page: Page, name: RegExp): Promise<void> {
  await composer(page).focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("ArrowUp");
  for (let i = 0; i < 6 && !name.test(await focused(page)); i++) await page.keyboard.press("Tab");
  expect(await focused(page)).toMatch(name);
}

describe("reactions", () => {
  it("by keyboard in one browser, live in the other (another replica), and off while muted", async () => {
    const alice = await env.person(env.a, { bypassCSP: true });
    const bob = await env.person(env.b, { bypassCSP: true });
    const aliceName = await signUp(alice.page, "alice");
    const name = `React ${Date.now().toString(36)}`;
    await createRoom(alice.page, name);
    const bobName = await signUp(bob.page, "bob");
    await joinRoom(bob.page, name);
    await send(alice.page, "Lunch at noon?");
    await expect.poll(async () => (await texts(bob.page)).at(-1)).toBe("Lunch at noon?");

    // Bob opens the menu from the keyboard: it takes the focus; the arrows move; Escape closes it, back on the button.
    await tabToInLatest(bob.page, /^Add reaction to the message from alice/);
    await bob.page.keyboard.press("Enter");
    const menu = bob.page.getByRole("menu", { name: /^React to the message from alice/ });
    await menu.waitFor();
    expect(await focused(bob.page)).toBe("thumbs up");
    await bob.page.keyboard.press("ArrowLeft");
    expect(await focused(bob.page)).toBe("fire");
    await expectAccessible(bob.page, "reaction menu open");
    await screenshot(bob.page, "reactions-menu");
    await bob.page.keyboard.press("Escape");
    await menu.waitFor({ state: "detached" });
    expect(await focused(bob.page)).toMatch(/^Add reaction to the message from alice/);

    // Enter opens it again; four steps right is the party popper; Enter reacts and gives the focus back.
    await bob.page.keyboard.press("Enter");
    await menu.waitFor();
    for (let i = 0; i < 4; i++) await bob.page.keyboard.press("ArrowRight");
    expect(await focused(bob.page)).toBe("party popper");
    await bob.page.keyboard.press("Enter");
    await expect.poll(() => chips(bob.page)).toEqual(["🎉 1: you [true]"]);
    expect(await focused(bob.page)).toMatch(/^Add reaction to/);
    await expect.poll(() => chips(alice.page), { timeout: 10_000 }).toEqual([`🎉 1: ${bobName} [false]`]);

    // Alice joins in on Bob's chip, keyboard only (Space presses it); Bob sees both names, live.
    await tabToInLatest(alice.page, /^🎉 1/);
    await alice.page.keyboard.press("Space");
    await expect.poll(() => chips(alice.page)).toEqual([`🎉 2: ${bobName} and you [true]`]);
    await expect.poll(() => chips(bob.page), { timeout: 10_000 }).toEqual([`🎉 2: you and ${aliceName} [true]`]);
    expect(await bob.page.locator("li.message").last().locator("button.chip").getAttribute("title")).toBe(
      `🎉 2: you and ${aliceName}`,
    );
    await expectAccessible(alice.page, "a message with reactions");
    await screenshot(alice.page, "reactions-chips");

    // Bob takes his back with Enter on his chip; after a reload both still agree.
    await tabToInLatest(bob.page, /^🎉 2/);
    await bob.page.keyboard.press("Enter");
    await expect.poll(() => chips(bob.page)).toEqual([`🎉 1: ${aliceName} [false]`]);
    await expect.poll(() => chips(alice.page), { timeout: 10_000 }).toEqual(["🎉 1: you [true]"]);
    await alice.page.reload();
    await expect.poll(() => chips(alice.page), { timeout: 10_000 }).toEqual(["🎉 1: you [true]"]);

    // Muted: the chips still say who reacted, but pressing one does nothing and says why.
    const admin = await env.admin();
    const room = (await admin.ok(ROOM, { slug: name.toLowerCase().replace(/ /g, "-") })).room;
    if (!room) throw new Error("no room");
    await admin.ok(TIME_OUT, {
      input: { roomId: room.id, userId: await userId(bob.page), minutes: 5, reason: "Cool down" },
    });
    const chip = bob.page.locator("li.message").last().locator("button.chip");
    await expect.poll(() => chip.getAttribute("aria-disabled"), { timeout: 10_000 }).toBe("true");
    const why = await chip.evaluate(
      (el) => document.getElementById(el.getAttribute("aria-describedby") ?? "")?.textContent,
    );
    expect(why).toContain("Cool down");
    await tabToInLatest(bob.page, /^🎉 1/);
    await bob.page.keyboard.press("Enter");
    await bob.page.waitForTimeout(300);
    expect(await chips(bob.page)).toEqual([`🎉 1: ${aliceName} [false]`]);
    expect(await chips(alice.page)).toEqual(["🎉 1: you [true]"]);
    await expectAccessible(bob.page, "reactions while muted");
    await screenshot(bob.page, "reactions-muted");
    expect(alice.problems.concat(bob.problems)).toEqual([]);
  });

  it("by mouse: pointing at a message shows Add reaction beside its actions; a click on it picks", async () => {
    const alice = await env.person(env.a);
    const bob = await env.person(env.b);
    await signUp(alice.page, "alice");
    const name = `Point ${Date.now().toString(36)}`;
    await createRoom(alice.page, name);
    await signUp(bob.page, "bob");
    await joinRoom(bob.page, name);
    await send(alice.page, "Coffee?");
    await expect.poll(async () => (await texts(bob.page)).at(-1)).toBe("Coffee?");
    const latest = bob.page.locator("li.message").last();
    const add = latest.getByRole("button", { name: /^Add reaction/ });
    expect(await add.isVisible()).toBe(false); // no room taken until pointed at
    await latest.hover();
    await add.waitFor();
    const [button, report] = [
      await add.boundingBox(),
      await latest.getByRole("button", { name: /^Report/ }).boundingBox(),
    ];
    // Beside Report, not over it.
    expect(button && report && button.x + button.width <= report.x).toBe(true);
    await screenshot(bob.page, "reactions-hover");
    await add.click();
    await bob.page.getByRole("menuitem", { name: "red heart" }).click();
    await expect.poll(() => chips(bob.page)).toEqual(["❤️ 1: you [true]"]);
    await expect.poll(() => chips(alice.page), { timeout: 10_000 }).toEqual([expect.stringMatching(/^❤️ 1: bob/)]);
  });
});
