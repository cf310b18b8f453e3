// The chat screens as a new person finds them, keyboard first: where the focus goes on opening a
// room, how many Tabs the composer is away, what grows under the latest message, what pulls the
// reader to the bottom, the "New messages" divider, and the room on a phone.

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { SEND_MESSAGE } from "../helpers/operations.ts";
import { BrowserStack, type Person } from "./stack.ts";
import { createRoom, joinRoom, screenshot, send, signUp, texts, tokenOf, waitUntilLive } from "./ui.ts";

let env: BrowserStack;
beforeAll(async () => {
  env = await BrowserStack.start();
});
afterAll(() => env?.close());

const composer = (page: Page) => page.getByLabel(/^Message #/);
const scroller = (page: Page) => page.getByRole("region", { name: "Messages" });
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el
      ? `${el.tagName.toLowerCase()}${el.getAttribute("aria-label") ? `[${el.getAttribute("aria-label")}]` : ""}`
      : "";
  });
const composerFocused = (page: Page) => composer(page).evaluate((el) => el === document.activeElement);

/** Tabs (at most twice) to the control whose text matches, failing if it is not reached. */
async function tabTo(page: Page, text: RegExp): Promise<void> {
  const current = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
  for (let i = 0; i < 2 && !text.test(await current()); i++) await page.keyboard.press("Tab");
  expect(await current()).toMatch(text);
}

/** Someone with a room of `count` messages, sent over the API with their token (another session). */
async function roomWithHistory(person: Person, stem: string, count: number) {
  await signUp(person.page, stem);
  const name = `${stem}${Date.now().toString(36)}`;
  await createRoom(person.page, name);
  const token = await tokenOf(person.page);
  const api = env.a.api.client.as(token);
  const slug = name.toLowerCase();
  const room = (await api.ok(gql<{ room: { id: string } | null }>(`{ room(slug: "${slug}") { id } }`))).room;
  if (!room) throw new Error(`no room ${slug}`);
  let n = 0;
  const post = (text: string) => api.ok(SEND_MESSAGE, { input: { roomId: room.id, text, clientId: `${slug}-${++n}` } });
  for (let i = 1; i <= count; i++) await post(`old ${i}`);
  return { name, post };
}

describe("chat screens, as a new person finds them", () => {
  it("opens a room on the message box; the history is one Tab stop; Skip to content goes to the box", async () => {
    const alice = await env.person(env.a);
    const bob = await env.person(env.b);
    const { name } = await roomWithHistory(alice, "keys", 30);
    await signUp(bob.page, "bob");
    await joinRoom(bob.page, name);
    await expect.poll(async () => (await texts(bob.page)).length).toBe(30);

    // Typing at once goes into the message box.
    await expect.poll(() => composerFocused(bob.page)).toBe(true);
    await bob.page.keyboard.type("typed at once");
    expect(await composer(bob.page).inputValue()).toBe("typed at once");

    // From a fresh load, the box again; and from the top of the page it is a few Tabs away.
    await bob.page.reload();
    await waitUntilLive(bob.page);
    await expect.poll(() => composerFocused(bob.page)).toBe(true);
    await bob.page.locator(".skip-link").focus();
    let tabs = 0;
    while (!(await composerFocused(bob.page)) && tabs < 80) {
      await bob.page.keyboard.press("Tab");
      tabs++;
    }
    // The page's controls only (the header, the side list as one stop, the room's header), never the history.
    expect(tabs).toBeLessThanOrEqual(12);

    // "Skip to content" lands on the box.
    await bob.page.keyboard.press("Shift+Tab");
    await bob.page.locator(".skip-link").focus();
    await bob.page.keyboard.press("Enter");
    await expect.poll(() => composerFocused(bob.page)).toBe(true);

    // The list: arrows between messages, Tab into the focused one's actions, then out to the box.
    await bob.page.keyboard.press("Shift+Tab");
    expect(await focused(bob.page)).toBe("section[Messages]");
    await bob.page.keyboard.press("ArrowUp");
    await bob.page.keyboard.press("ArrowUp");
    expect(await bob.page.evaluate(() => document.activeElement?.getAttribute("data-seq"))).toBe(
      await bob.page.locator("li.message").nth(28).getAttribute("data-seq"),
    );
    await screenshot(bob.page, "defects-list-keyboard");
    await tabTo(bob.page, /^Report/); // its actions (after its author's name, when it shows one)
    await bob.page.keyboard.press("Tab"); // its reactions' Add reaction, last
    expect(await focused(bob.page)).toMatch(/^button\[?/);
    expect(await bob.page.evaluate(() => document.activeElement?.getAttribute("aria-haspopup"))).toBe("menu");
    await bob.page.keyboard.press("Tab");
    expect(await composerFocused(bob.page)).toBe(true);
    expect(alice.problems.concat(bob.problems)).toEqual([]);
  });

  it("brings the editor's Save and Cancel under the latest message into view", async () => {
    const alice = await env.person(env.a);
    const { name } = await roomWithHistory(alice, "edit", 20);
    await alice.page.goto(`/rooms/${name.toLowerCase()}`);
    await waitUntilLive(alice.page);
    await send(alice.page, "the latest, to be edited");
    await expect.poll(async () => (await texts(alice.page)).at(-1)).toBe("the latest, to be edited");
    await expect.poll(() => alice.page.locator("li.pending").count()).toBe(0);

    // Keyboard only: to the list, up to the latest message, Tab to Edit.
    await composer(alice.page).focus();
    await alice.page.keyboard.press("Shift+Tab");
    await alice.page.keyboard.press("ArrowUp");
    await tabTo(alice.page, /^Edit/);
    await alice.page.keyboard.press("Enter");
    const save = alice.page.getByRole("button", { name: "Save" });
    await save.waitFor();
    await alice.page.waitForTimeout(200);
    const [box, view] = [await save.boundingBox(), await scroller(alice.page).boundingBox()];
    expect(box && view && box.y + box.height <= view.y + view.height).toBe(true);
    await screenshot(alice.page, "defects-edit-latest");
  });

  it("keeps a reader's place when their own message comes from elsewhere; the divider stays after the jump", async () => {
    const alice = await env.person(env.a);
    const { name, post } = await roomWithHistory(alice, "place", 40);
    await alice.page.goto(`/rooms/${name.toLowerCase()}`);
    await waitUntilLive(alice.page);
    await expect.poll(async () => (await texts(alice.page)).length).toBe(40);

    const list = scroller(alice.page);
    await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight - el.clientHeight - 600 }));
    await alice.page.waitForTimeout(200);
    const before = await list.evaluate((el) => el.scrollTop);

    // Alice's own message, from her phone (another session, another clientId): counted, not pulled to.
    await post("from my phone");
    await expect.poll(async () => (await texts(alice.page)).at(-1)).toBe("from my phone");
    await alice.page.getByRole("button", { name: /1 new message/ }).waitFor();
    expect(Math.abs((await list.evaluate((el) => el.scrollTop)) - before)).toBeLessThan(5);
    expect(await alice.page.locator(".divider").count()).toBe(1);

    // The jump, by keyboard (Tab from the list reaches it): the divider still marks where she was.
    await list.focus();
    await alice.page.keyboard.press("Tab");
    await alice.page.keyboard.press("Enter");
    await expect.poll(() => alice.page.getByRole("button", { name: /new message/ }).count()).toBe(0);
    await alice.page.waitForTimeout(600);
    expect(await alice.page.locator(".divider").count()).toBe(1);
    await screenshot(alice.page, "defects-divider-after-jump");
  });

  it("on a phone: the Rooms link is there, actions show for the tapped message only, nothing sideways", async () => {
    const alice = await env.person(env.a);
    const { name } = await roomWithHistory(alice, "phone", 6);
    const bob = await env.person(env.b, { phone: true });
    await bob.page.setViewportSize({ width: 390, height: 844 });
    await signUp(bob.page, "bob");
    await joinRoom(bob.page, name);
    // The keyboard stays down on opening a room on a phone (no focus in the box).
    await bob.page.waitForTimeout(300);
    expect(await composerFocused(bob.page)).toBe(false);
    await send(bob.page, "mine, from the phone");
    await expect.poll(async () => (await texts(bob.page)).at(-1)).toBe("mine, from the phone");
    await expect.poll(() => bob.page.locator("li.pending").count()).toBe(0);

    const rooms = bob.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rooms" });
    expect(await rooms.isVisible()).toBe(true);
    const reports = bob.page.getByRole("button", { name: /^Report/ });
    const mores = bob.page.getByRole("button", { name: /^Actions for your message/ });
    const visible = async (locator: typeof reports) =>
      (await Promise.all((await locator.all()).map((each) => each.isVisible()))).filter(Boolean).length;
    expect(await visible(reports)).toBe(0);
    expect(await visible(mores)).toBe(0);
    await screenshot(bob.page, "defects-phone-room");

    await bob.page.locator("li.message").nth(2).locator(".text").tap();
    expect(await visible(reports)).toBe(1);
    await bob.page.locator("li.message").last().locator(".text").tap();
    expect(await visible(reports)).toBe(0);
    expect(await visible(mores)).toBe(1);
    await mores.last().tap();
    await bob.page.getByRole("button", { name: /^Edit your message/ }).waitFor();
    const sideways = await bob.page.evaluate(() =>
      [document.documentElement, document.querySelector(".scroller")].some(
        (el) => el && el.scrollWidth > el.clientWidth,
      ),
    );
    expect(sideways).toBe(false);
    await screenshot(bob.page, "defects-phone-actions");

    await rooms.tap();
    await bob.page.getByRole("heading", { name: "Rooms", level: 1 }).waitFor();
  });
});
