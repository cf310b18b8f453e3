// Moderating people, as the member concerned lives it in Chromium: a timeout and its lifting,
// a ban, an appeal of a removed message, slow mode. The moderator's side goes over the API
// (the admin's token), on this file's stack, with the moderation worker running in-process.

import type { ModerationWorker } from "@chatmod/worker/worker";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GraphQLClient, gql } from "../helpers/graphql.ts";
import { uniqueName } from "../helpers/stack.ts";
import { startWorker } from "../moderation/worker-support.ts";
import { BrowserStack, type Person, type Side } from "./stack.ts";
import { joinRoom, screenshot, send, signUp, textOf, texts, userIdOf, waitUntilLive } from "./ui.ts";

let env: BrowserStack;
let worker: ModerationWorker;
let admin: GraphQLClient;
beforeAll(async () => {
  env = await BrowserStack.start();
  worker = startWorker(env.stack);
  admin = await env.admin();
});
afterAll(async () => {
  await worker?.close();
  await env?.close();
});

// What the moderator does, over the API.
const CREATE_ROOM = gql<{ createRoom: { id: string; slug: string } }, { input: { slug: string; name: string } }>(
  `mutation($input: CreateRoomInput!) { createRoom(input: $input) { id slug } }`,
);
type SanctionInput = { roomId: string; userId: string; minutes?: number; reason: string };
const TIME_OUT = gql<{ timeOutMember: { id: string } }, { input: SanctionInput }>(
  `mutation($input: TimeoutInput!) { timeOutMember(input: $input) { id } }`,
);
const BAN = gql<{ banMember: { id: string } }, { input: SanctionInput }>(
  `mutation($input: BanInput!) { banMember(input: $input) { id } }`,
);
const LIFT = gql<{ liftSanction: { inForce: boolean } }, { id: string; reason: string }>(
  `mutation($id: ID!, $reason: String) { liftSanction(sanctionId: $id, reason: $reason) { inForce } }`,
);
const SLOW_MODE = gql<{ updateRoomPolicy: { slowModeSeconds: number } }, { roomId: string; seconds: number }>(
  `mutation($roomId: ID!, $seconds: Int!) {
    updateRoomPolicy(roomId: $roomId, input: { slowModeSeconds: $seconds }) { slowModeSeconds }
  }`,
);
const HISTORY = gql<
  { room: { messages: { edges: { node: { id: string; text: string | null } }[] } } },
  { roomId: string }
>(`query($roomId: ID!) { room(id: $roomId) { messages(first: 20) { edges { node { id text } } } } }`);
const REJECT = gql<{ moderateMessages: { id: string }[] }, { id: string; reason: string }>(
  `mutation($id: ID!, $reason: String!) {
    moderateMessages(input: { messageIds: [$id], action: REJECT, reason: $reason }) { id }
  }`,
);
const OPEN_APPEALS = gql<{
  appeals: { edges: { node: { id: string; text: string; message: { id: string } | null } }[] };
}>(`{ appeals(status: OPEN) { edges { node { id text message { id } } } } }`);
const DECIDE_APPEAL = gql<{ decideAppeal: { status: string } }, { id: string; accept: boolean; note: string }>(
  `mutation($id: ID!, $accept: Boolean!, $note: String) {
    decideAppeal(input: { appealId: $id, accept: $accept, note: $note }) { status }
  }`,
);

/** A room the admin makes (a moderator: no slow mode for them), for one test. */
async function newRoom(stem: string): Promise<{ id: string; name: string }> {
  const name = uniqueName(stem);
  const { createRoom } = await admin.ok(CREATE_ROOM, {
    input: { slug: name.toLowerCase().replace(/_/g, "-"), name },
  });
  return { id: createRoom.id, name };
}

/** A new member, signed up in their own browser, in the room and live there. */
async function member(
  side: Side,
  stem: string,
  room: { name: string },
  options: { phone?: boolean } = {},
): Promise<Person & { id: string; username: string }> {
  const person = await env.person(side, options);
  // The phone the brief names: 390 × 844 (the stack's phone is shorter).
  if (options.phone) await person.page.setViewportSize({ width: 390, height: 844 });
  const username = await signUp(person.page, stem);
  await joinRoom(person.page, room.name);
  const id = await userIdOf(person.page);
  return { ...person, id, username };
}

const composer = (page: Page) => page.getByLabel(/^Message #/);
const toasts = (page: Page) => page.locator(".toasts .toast .text").allInnerTexts();
const bell = (page: Page) => page.getByRole("button", { name: /^Notices/ });
const sendButton = (page: Page) => page.getByRole("button", { name: "Send", exact: true });
/** Nothing wider than the screen: a phone never scrolls sideways. */
const overflowsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** Sends and waits until the author's own screen shows it confirmed. */
async function sendConfirmed(page: Page, text: string): Promise<void> {
  await send(page, text);
  await expect.poll(() => texts(page), { timeout: 10_000 }).toContain(text);
  await expect.poll(() => page.locator("li.pending").count()).toBe(0);
}

describe("moderating people, as the member sees it", () => {
  it("a timeout reaches the muted member live: composer off with why and a countdown, then lifted live", async () => {
    const room = await newRoom("Calm");
    const alice = await member(env.a, "alice", room);
    const bob = await member(env.b, "bob", room);
    await sendConfirmed(bob.page, "Anyone up for chess later?");
    await expect.poll(() => texts(alice.page)).toEqual(["Anyone up for chess later?"]);
    await sendConfirmed(alice.page, "Sure, after lunch");
    await composer(alice.page).fill("I was about to say something");

    const { timeOutMember } = await admin.ok(TIME_OUT, {
      input: { roomId: room.id, userId: alice.id, minutes: 2, reason: "Cool down for a bit" },
    });

    // No reload: the notice arrives live, the room reads its sanction again, the composer closes.
    await expect.poll(() => composer(alice.page).isDisabled(), { timeout: 10_000 }).toBe(true);
    const notice = alice.page.locator(".composer .muted-notice");
    expect(await textOf(notice.locator(".sentence"))).toMatch(/^You are muted here until .+: Cool down for a bit$/);
    const countdown = notice.getByRole("timer");
    expect(await textOf(countdown)).toMatch(/^0[12]:\d\d left$/);
    const first = await textOf(countdown);
    await expect.poll(() => textOf(countdown), { timeout: 5_000 }).not.toBe(first); // it counts down live
    expect(await sendButton(alice.page).isDisabled()).toBe(true);
    expect(await composer(alice.page).inputValue()).toBe("I was about to say something"); // the draft is kept
    // The notice itself, in the API's words (the end in local time), as a toast and in the bell's count.
    await expect.poll(() => toasts(alice.page)).toContainEqual(expect.stringMatching(/^You are muted in #.+ until /));
    expect(await bell(alice.page).getAttribute("aria-expanded")).toBe("false");
    expect(await textOf(bell(alice.page))).toContain("1 unread");
    // Editing and reporting wait too (the composer says why); deleting one's own message stays.
    await alice.page.locator("li.message").first().hover();
    expect(await alice.page.getByRole("button", { name: /^Report/ }).count()).toBe(0);
    await alice.page.locator("li.message").nth(1).hover();
    expect(await alice.page.getByRole("button", { name: /^Edit/ }).count()).toBe(0);
    expect(await alice.page.getByRole("button", { name: /^Delete/ }).count()).toBe(1);
    expect(await notice.getByRole("button", { name: "Appeal your timeout" }).count()).toBe(1);
    await screenshot(alice.page, "people-timeout");

    // The same at a phone's width: the reason, the countdown and the appeal fit.
    await alice.page.setViewportSize({ width: 390, height: 844 });
    expect(await overflowsSideways(alice.page)).toBe(false);
    expect(await notice.isVisible()).toBe(true);
    await screenshot(alice.page, "people-timeout-phone");
    await alice.page.setViewportSize({ width: 1200, height: 760 });

    // The bell lists it; "Mark all read" clears the count.
    await bell(alice.page).click();
    const list = alice.page.getByRole("dialog", { name: "Notices" });
    await expect.poll(() => list.locator("li").count()).toBe(1);
    expect(await textOf(list.locator("li"))).toMatch(/^Unread: You are muted in #.+ until .+: Cool down for a bit\./);
    await screenshot(alice.page, "people-notices");
    await list.getByRole("button", { name: "Mark all read" }).click();
    await expect.poll(() => textOf(bell(alice.page))).toBe("Notices");
    await alice.page.keyboard.press("Escape");

    // A moderator lifts it: the composer opens again live, with the draft still there.
    await admin.ok(LIFT, { id: timeOutMember.id, reason: "Fair enough" });
    await expect.poll(() => composer(alice.page).isDisabled(), { timeout: 10_000 }).toBe(false);
    expect(await notice.count()).toBe(0);
    expect(await composer(alice.page).inputValue()).toBe("I was about to say something");
    await expect
      .poll(() => toasts(alice.page))
      .toContainEqual(expect.stringMatching(/^Your timeout in #.+ was lifted\.$/));
    await composer(alice.page).press("Enter");
    await expect.poll(() => texts(bob.page)).toContain("I was about to say something");
    expect([...alice.problems, ...bob.problems]).toEqual([]);
  });

  it("a ban: the banned member's room shows why instead of the chat, and no stream tries again", async () => {
    const room = await newRoom("Strict");
    const carl = await member(env.a, "carl", room);
    const bob = await member(env.b, "bob", room);
    await sendConfirmed(bob.page, "Welcome, everyone");
    await expect.poll(() => texts(carl.page)).toEqual(["Welcome, everyone"]);
    // Every roomEvents subscription the page asks for from now on.
    let resubscribes = 0;
    carl.page.on("websocket", (socket) =>
      socket.on("framesent", ({ payload }) => {
        if (String(payload).includes('"type":"subscribe"') && String(payload).includes("roomEvents")) resubscribes++;
      }),
    );

    await admin.ok(BAN, { input: { roomId: room.id, userId: carl.id, minutes: 60, reason: "Repeated abuse" } });

    const ban = carl.page.locator(".ban-text");
    await ban.waitFor({ timeout: 10_000 });
    expect(await textOf(ban)).toMatch(
      new RegExp(`^You were banned from #${room.name}: Repeated abuse \\(until .+\\)$`),
    );
    expect(await carl.page.locator("li.message").count()).toBe(0);
    expect(await composer(carl.page).count()).toBe(0);
    await expect.poll(() => carl.page.getByRole("button", { name: "Appeal your ban" }).count()).toBe(1);
    await expect.poll(() => toasts(carl.page)).toContainEqual(expect.stringMatching(/^You are banned in #.+ until /));
    await screenshot(carl.page, "people-banned");

    // The room goes on without him: nothing reaches his page, and nothing keeps knocking.
    await sendConfirmed(bob.page, "Moving on");
    await carl.page.waitForTimeout(3_000);
    expect(await carl.page.locator("li.message").count()).toBe(0);
    expect(await textOf(ban)).toContain("Repeated abuse");
    expect(resubscribes).toBeLessThanOrEqual(1); // the one refused after the socket closed (4504)
    // After a reload too: the ban, not the room's "Join" button.
    await carl.page.reload();
    await ban.waitFor();
    expect(await carl.page.getByRole("button", { name: "Join the room" }).count()).toBe(0);
    expect(bob.problems).toEqual([]);
  });

  it("an appeal of a removed message, accepted by a moderator: the member is told and the message is back", async () => {
    const room = await newRoom("Appeals");
    const erin = await member(env.a, "erin", room);
    const text = "Selling my old bike, ask me for details";
    await sendConfirmed(erin.page, text);
    await expect.poll(() => erin.page.getByText("Checking…").count(), { timeout: 15_000 }).toBe(0);

    const history = await admin.ok(HISTORY, { roomId: room.id });
    const messageId = history.room.messages.edges.find((edge) => edge.node.text === text)!.node.id;
    await admin.ok(REJECT, { id: messageId, reason: "Looks like spam" });

    const item = erin.page.locator("li.message").filter({ hasText: text });
    await expect.poll(() => item.locator(".badge.is-rejected").count(), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(() => toasts(erin.page))
      .toContainEqual(expect.stringMatching(/^Your message in #.+ was removed/));
    await item.getByRole("button", { name: /^Appeal the removal of your message/ }).click();
    const form = item.getByRole("form", { name: "Appeal the removal of your message" });
    await form
      .getByLabel("Why should a moderator reconsider the removal of your message?")
      .fill("It is my own bike, not spam: people here asked about it.");
    await screenshot(erin.page, "people-appeal-form");
    await form.getByRole("button", { name: "Send appeal" }).click();
    await expect.poll(() => textOf(item.locator(".appeal-state"))).toBe("Appeal sent: a moderator will answer.");
    expect(await item.getByRole("button", { name: /^Appeal/ }).count()).toBe(0); // once

    const open = await admin.ok(OPEN_APPEALS);
    const appeal = open.appeals.edges.find((edge) => edge.node.message?.id === messageId)!;
    expect(appeal.node.text).toBe("It is my own bike, not spam: people here asked about it.");
    await admin.ok(DECIDE_APPEAL, { id: appeal.node.id, accept: true, note: "Sorry, our mistake" });

    await expect
      .poll(() => toasts(erin.page), { timeout: 10_000 })
      .toContainEqual("Your appeal was accepted: Sorry, our mistake.");
    await expect.poll(() => item.locator(".badge.is-rejected").count()).toBe(0);
    expect(await item.locator(".text.rejected").count()).toBe(0);
    await expect
      .poll(() => textOf(item.locator(".appeal-state")))
      .toBe("Your appeal was accepted: Sorry, our mistake.");
    await screenshot(erin.page, "people-appeal-accepted");

    // Others see it again too.
    const fay = await member(env.b, "fay", room);
    await expect.poll(() => texts(fay.page)).toEqual([text]);
    expect([...erin.problems, ...fay.problems]).toEqual([]);
  });

  it("slow mode on a phone: the composer says so; a second send waits out the turn, with the draft kept", async () => {
    const room = await newRoom("Slow");
    const gus = await member(env.a, "gus", room, { phone: true });
    expect(await gus.page.locator(".composer .slow-mode").count()).toBe(0);
    await admin.ok(SLOW_MODE, { roomId: room.id, seconds: 8 });
    // Set while he is in the room: it reaches him live.
    await expect
      .poll(() => textOf(gus.page.locator(".composer .slow-mode")), { timeout: 10_000 })
      .toBe("Slow mode: one message every 8 s");

    await sendConfirmed(gus.page, "First!");
    await composer(gus.page).fill("And a second thought");
    await composer(gus.page).press("Enter");
    const wait = gus.page.locator(".composer .slow").getByRole("timer");
    expect(await textOf(wait)).toMatch(/^Send again in 00:0[1-8]$/);
    expect(await sendButton(gus.page).isDisabled()).toBe(true);
    expect(await composer(gus.page).inputValue()).toBe("And a second thought");
    expect(await texts(gus.page)).toEqual(["First!"]);
    expect(await overflowsSideways(gus.page)).toBe(false);
    await screenshot(gus.page, "people-slow-mode-phone");

    // The turn comes back by itself; the kept draft goes.
    await expect.poll(() => sendButton(gus.page).isDisabled(), { timeout: 12_000 }).toBe(false);
    await composer(gus.page).press("Enter");
    await expect.poll(() => texts(gus.page)).toEqual(["First!", "And a second thought"]);
    await waitUntilLive(gus.page);
    expect(gus.problems).toEqual([]);
  });
});
