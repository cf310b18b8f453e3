import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { LEAVE_ROOM, LOGOUT } from "../helpers/operations.ts";
import { BrowserStack } from "./stack.ts";
import {
  createRoom,
  joinRoom,
  PASSWORD,
  screenshot,
  send,
  signIn,
  signUp,
  textOf,
  texts,
  tokenOf as token,
  waitUntilLive,
} from "./ui.ts";

let env: BrowserStack;
beforeAll(async () => {
  env = await BrowserStack.start();
});
afterAll(() => env?.close());

describe("accounts and errors in the browser", () => {
  it("signs up, out and in; a wrong password is explained; the session survives a reload", async () => {
    const { page, problems } = await env.person(env.a);
    const username = await signUp(page, "carol");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();

    await signIn(page, username, "not my password");
    await expect.poll(() => textOf(page.getByRole("alert"))).toBe("Wrong username or password.");
    await screenshot(page, "sign-in-wrong-password");

    await signIn(page, username, PASSWORD);
    await page.getByRole("heading", { name: "Rooms", level: 1 }).waitFor();
    await page.reload();
    await page.getByRole("heading", { name: "Rooms", level: 1 }).waitFor();
    expect(await page.getByText(`Signed in as`).count()).toBeGreaterThan(0);
    // Only the expected 401-like answer from the wrong password may be in the console.
    expect(problems.filter((problem) => !problem.includes("401"))).toEqual([]);
  });

  it("a session revoked elsewhere sends the person back to sign in, with a message", async () => {
    const { page } = await env.person(env.b);
    await signUp(page, "dave");
    // Revoked while the app is closed (an open app hears of it at once: the next test), so the stored
    // token is what the app checks when it starts again.
    const app = page.url();
    const stored = await token(page);
    await page.goto("about:blank");
    await env.b.api.client.as(stored).ok(LOGOUT);
    await page.goto(app);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await textOf(page.getByRole("status"))).toBe("Your session has ended. Please sign in again.");
  });

  it("a session revoked while in a room ends when the socket reconnects (closed with 4403)", async () => {
    const { page } = await env.person(env.b);
    await signUp(page, "dora");
    await createRoom(page, "Short stay");
    await env.b.api.client.as(await token(page)).ok(LOGOUT);
    env.b.web.dropConnections(); // the socket reconnects with a token the API no longer accepts
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await textOf(page.getByRole("status"))).toBe("Your session has ended. Please sign in again.");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/rooms/short-stay");
  });

  it("a session revoked elsewhere signs the person out at once (the open socket closes with 4403)", async () => {
    const { page } = await env.person(env.a);
    await signUp(page, "gil");
    await createRoom(page, "Last word");
    // Another tab logs out: the API closes this page's socket without waiting for its next operation.
    await env.a.api.client.as(await token(page)).ok(LOGOUT);
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await textOf(page.getByRole("status"))).toBe("Your session has ended. Please sign in again.");
    expect(new URL(page.url()).searchParams.get("next")).toBe("/rooms/last-word");
  });

  it("a send the API refuses is shown, in words, next to the message", async () => {
    const erin = await env.person(env.a);
    const frank = await env.person(env.b);
    await signUp(erin.page, "erin");
    await createRoom(erin.page, "Members only");
    await signUp(frank.page, "frank");
    await joinRoom(frank.page, "Members only");
    await send(frank.page, "hi erin");
    await expect.poll(() => texts(erin.page)).toEqual(["hi erin"]);

    // Frank's membership ends elsewhere (another tab); his next message is refused.
    // His page reads the room again when its socket reconnects (the leave closes it) and then offers
    // to join instead: that read is held back, so he sends from the room as his page still shows it.
    await frank.page.route("**/graphql", (route) =>
      route.request().postData()?.includes("query RoomBySlug") ? route.abort() : route.continue(),
    );
    const room = await env.b.api.client
      .as(await token(frank.page))
      .ok(
        gql<{ rooms: { edges: { node: { id: string; name: string } }[] } }>(
          `{ rooms(first: 50) { edges { node { id name } } } }`,
        ),
      );
    const id = room.rooms.edges.find((edge) => edge.node.name === "Members only")!.node.id;
    await env.b.api.client.as(await token(frank.page)).ok(LEAVE_ROOM, { id });
    await send(frank.page, "still here?");
    const failed = frank.page.locator("li.pending.is-failed");
    await expect.poll(() => textOf(failed)).toContain("Not sent. Join the room first.");
    await screenshot(frank.page, "room-send-refused");
    expect(await texts(erin.page)).toEqual(["hi erin"]);
  });

  it("works with the keyboard alone: sign in, open a room, send, edit", async () => {
    const { page } = await env.person(env.a);
    const username = await signUp(page, "kim");
    await createRoom(page, "Keys");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    const focused = () =>
      page.evaluate(
        () => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent?.trim() ?? "",
      );

    await page.reload(); // a fresh page: nothing focused yet
    await page.keyboard.press("Tab"); // the skip link comes first
    expect(await focused()).toBe("Skip to content");
    await page.getByLabel("Username").focus();
    await page.keyboard.type(username);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Rooms", level: 1 }).waitFor();
    // The list arrives after the heading: tabbing before it would pass the link by.
    await page.getByRole("link", { name: "Open Keys" }).waitFor();

    // Tab to the room's "Open" link and follow it.
    for (let i = 0; i < 15 && !(await focused()).startsWith("Open"); i++) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await waitUntilLive(page);
    await page.getByLabel(/^Message #/).focus();
    await page.keyboard.type("typed with keys");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("on two lines");
    await page.keyboard.press("Enter");
    await expect.poll(() => texts(page)).toEqual(["typed with keys\non two lines"]);

    // Shift+Tab back to the list (one stop), up to the latest message, then Tab to its Edit button.
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("ArrowUp");
    for (let i = 0; i < 10 && !(await focused()).startsWith("Edit"); i++) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("edited with keys");
    await page.keyboard.press("Enter");
    await expect.poll(() => texts(page)).toEqual(["edited with keys"]);
    await screenshot(page, "room-keyboard-focus");
  });

  it("lists rooms with their member and message counts", async () => {
    const { page } = await env.person(env.a, { phone: true });
    await signUp(page, "gina");
    await page.goto("/rooms");
    const card = page.getByRole("listitem").filter({ hasText: "Members only" });
    await expect.poll(() => textOf(card)).toMatch(/1 member · 1 message/);
    await screenshot(page, "rooms-phone-light");
  });
});
