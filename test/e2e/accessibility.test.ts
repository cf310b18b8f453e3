// Every screen of the app, checked with axe-core in Chromium: no serious or critical violation.
// The screens carry real content (a flagged message, an audit entry, a notice) so that lists,
// tables and dialogs are checked as people see them, not empty.

import type { ModerationWorker } from "@chatmod/worker/worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { TEST_ADMIN } from "../helpers/stack.ts";
import { startWorker } from "../moderation/worker-support.ts";
import { expectAccessible } from "./axe.ts";
import { BrowserStack } from "./stack.ts";
import { joinRoom, send, signIn, signUp, textOf, userIdOf as userId, waitUntilLive } from "./ui.ts";

const CREATE_ROOM = gql<{ createRoom: { id: string; slug: string } }, { input: { slug: string; name: string } }>(
  `mutation($input: CreateRoomInput!) { createRoom(input: $input) { id slug } }`,
);
const TIME_OUT = gql<
  { timeOutMember: { id: string } },
  { input: { roomId: string; userId: string; minutes: number; reason: string } }
>(`mutation($input: TimeoutInput!) { timeOutMember(input: $input) { id } }`);

let env: BrowserStack;
let worker: ModerationWorker;
beforeAll(async () => {
  env = await BrowserStack.start();
  worker = startWorker(env.stack);
});
afterAll(async () => {
  await worker?.close();
  await env?.close();
});

describe("accessibility (axe-core: no serious or critical violation)", () => {
  it("every screen, as a member and as a moderator", async () => {
    // Signed out: sign in and sign up.
    const alice = await env.person(env.a, { bypassCSP: true });
    await alice.page.goto("/sign-in");
    await alice.page.getByRole("button", { name: "Sign in" }).waitFor();
    await expectAccessible(alice.page, "sign in");
    await alice.page.goto("/sign-up");
    await alice.page.getByRole("button", { name: "Create account" }).waitFor();
    await expectAccessible(alice.page, "sign up");

    // The admin (a moderator) watches the dashboard, so its live feed fills as the member writes.
    const admin = await env.admin();
    const name = `Axe ${Date.now().toString(36)}`;
    const { createRoom } = await admin.ok(CREATE_ROOM, {
      input: { slug: name.toLowerCase().replace(/ /g, "-"), name },
    });
    const chief = await env.person(env.b, { bypassCSP: true });
    await chief.page.goto("/sign-in");
    await signIn(chief.page, TEST_ADMIN.username, TEST_ADMIN.password);
    await chief.page.getByRole("heading", { name: "Rooms", level: 1 }).waitFor();
    await chief.page.goto("/moderation");
    await chief.page.getByRole("heading", { name: "Moderation", level: 1 }).waitFor();
    await expect.poll(() => textOf(chief.page.locator(".feed .state")), { timeout: 15_000 }).toBe("Live updates: Live");

    // A member: the rooms list, a room with messages (one flagged).
    await signUp(alice.page, "alice");
    await alice.page.goto("/rooms");
    await alice.page.getByRole("button", { name: `Join ${name}` }).waitFor();
    await expectAccessible(alice.page, "rooms list");
    await joinRoom(alice.page, name);
    await send(alice.page, "Hello everyone, nice to be here");
    await send(alice.page, "this is fucking annoying");
    await expect.poll(() => alice.page.locator("li.message").count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => alice.page.locator("li.pending").count()).toBe(0);
    await expectAccessible(alice.page, "a room");
    // Who is online: the header's disclosure, open.
    await alice.page.getByRole("button", { name: /\d+ online$/ }).click();
    await alice.page.locator(".people").waitFor();
    await expectAccessible(alice.page, "a room, who is online");
    await alice.page.keyboard.press("Escape");

    // The dashboard: the queue with the flagged message and the live feed, then every other tab.
    await expect.poll(() => chief.page.locator(".queue li.item").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => chief.page.locator(".feed li.entry").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expectAccessible(chief.page, "moderation queue");
    for (const tab of ["Audit log", "Statistics", "People", "Appeals"]) {
      await chief.page.getByRole("tab", { name: tab }).click();
      await expect.poll(() => chief.page.getByRole("tab", { name: tab }).getAttribute("aria-selected")).toBe("true");
      await chief.page.waitForLoadState("networkidle").catch(() => undefined);
      await expectAccessible(chief.page, `moderation: ${tab}`);
    }

    // A notice (a timeout from a moderator): the muted room, and the bell's list.
    const aliceId = await userId(alice.page);
    await admin.ok(TIME_OUT, { input: { roomId: createRoom.id, userId: aliceId, minutes: 2, reason: "Cool down" } });
    const bell = alice.page.getByRole("button", { name: /^Notices/ });
    await expect.poll(() => textOf(bell), { timeout: 10_000 }).toContain("1 unread");
    await expectAccessible(alice.page, "a room, muted");
    await bell.click();
    await expect.poll(() => alice.page.getByRole("dialog", { name: "Notices" }).locator("li").count()).toBe(1);
    await expectAccessible(alice.page, "notices");
    await alice.page.keyboard.press("Escape");

    // A person's record, and a room's settings panel.
    await chief.page.goto(`/moderation/people/${aliceId}`);
    await chief.page.getByRole("list", { name: "Sanctions" }).waitFor();
    await expectAccessible(chief.page, "a person");
    await chief.page.goto(`/rooms/${createRoom.slug}`);
    await waitUntilLive(chief.page);
    await chief.page.getByRole("button", { name: "Settings" }).click();
    await chief.page.getByRole("button", { name: "Save settings" }).waitFor();
    await expectAccessible(chief.page, "room settings panel");
    expect([...alice.problems, ...chief.problems]).toEqual([]);
  });
});
