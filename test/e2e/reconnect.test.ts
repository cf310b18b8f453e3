import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.ts";
import { JOIN_ROOM } from "../helpers/operations.ts";
import { BrowserStack, type Person } from "./stack.ts";
import {
  connection,
  createRoom,
  joinRoom,
  members,
  screenshot,
  send,
  signUp,
  textOf,
  texts,
  waitUntilLive,
} from "./ui.ts";

let env: BrowserStack;
beforeAll(async () => {
  env = await BrowserStack.start();
});
afterAll(() => env?.close());

/** Alice writes through replica A, Bob reads through replica B. */
async function twoPeople(room: string): Promise<{ alice: Person; bob: Person }> {
  const alice = await env.person(env.a);
  const bob = await env.person(env.b);
  await signUp(alice.page, "alice");
  await createRoom(alice.page, room);
  await signUp(bob.page, "bob");
  await joinRoom(bob.page, room);
  return { alice, bob };
}

/** Alice sends and waits until her own screen shows each message confirmed (not just "sending"). */
async function aliceSends(alice: Person, messages: string[]): Promise<void> {
  const before = await texts(alice.page);
  for (const text of messages) await send(alice.page, text);
  await expect.poll(() => texts(alice.page), { timeout: 10_000 }).toEqual([...before, ...messages]);
}

describe("staying in sync through failures", () => {
  it("after its API replica restarts, the reader gets every missed message once, in order", async () => {
    const { alice, bob } = await twoPeople("Restarts");
    await aliceSends(alice, ["before 1", "before 2"]);
    await expect.poll(() => texts(bob.page)).toEqual(["before 1", "before 2"]);

    await env.stopApi(env.b); // Bob's socket is closed with 1001 (going away)
    await expect.poll(() => connection(bob.page)).toBe("Connection: Reconnecting…");
    const during = ["while down 1", "while down 2", "while down 3", "while down 4", "while down 5"];
    await aliceSends(alice, during);
    await screenshot(bob.page, "room-reconnecting");
    // Someone joins meanwhile: room updates are not replayed, so Bob's page reads the room once back.
    const admin = await env.admin();
    const room = (await admin.ok(gql<{ room: { id: string } | null }>(`{ room(slug: "restarts") { id } }`))).room!;
    await admin.ok(JOIN_ROOM, { id: room.id });

    await env.restartApi(env.b);
    await waitUntilLive(bob.page);
    await expect.poll(() => texts(bob.page), { timeout: 15_000 }).toEqual(["before 1", "before 2", ...during]);
    await expect.poll(() => members(bob.page), { timeout: 5_000 }).toBe("3 members");

    await aliceSends(alice, ["after"]);
    await expect.poll(() => texts(bob.page)).toEqual(["before 1", "before 2", ...during, "after"]);
    // The outage's own traces aside: the socket's drop, and the web server's 502 for a request made
    // while its replica was down (the app retries what matters when it is back).
    const outage = (problem: string) => problem.includes("WebSocket") || problem.includes("502 (Bad Gateway)");
    expect(bob.problems.filter((problem) => !outage(problem))).toEqual([]);
  });

  it("after a cut connection (no close frame), the reader resumes from the last message seen", async () => {
    const { alice, bob } = await twoPeople("Cuts");
    await aliceSends(alice, ["one"]);
    await expect.poll(() => texts(bob.page)).toEqual(["one"]);
    env.b.web.dropConnections();
    await aliceSends(alice, ["two", "three"]);
    await expect.poll(() => texts(bob.page), { timeout: 15_000 }).toEqual(["one", "two", "three"]);
    await waitUntilLive(bob.page);
  });

  it("offline: a send fails, and goes by itself once back online; every message is there once, in order", async () => {
    const { alice, bob } = await twoPeople("Offline");
    await aliceSends(alice, ["hello bob"]);
    await expect.poll(() => texts(bob.page)).toEqual(["hello bob"]);

    await bob.context.setOffline(true);
    await expect.poll(() => connection(bob.page)).toBe("Connection: Offline");
    await aliceSends(alice, ["are you there?", "bob?"]);
    await send(bob.page, "sorry, my train went into a tunnel");
    const failed = bob.page.locator("li.pending.is-failed");
    await expect.poll(() => textOf(failed)).toContain("Not sent. Can't reach the server.");
    await screenshot(bob.page, "room-offline-send-failed");

    await bob.context.setOffline(false);
    await waitUntilLive(bob.page);
    const all = ["hello bob", "are you there?", "bob?", "sorry, my train went into a tunnel"];
    await expect.poll(() => texts(bob.page)).toEqual(all);
    await expect.poll(() => texts(alice.page)).toEqual(all);
    expect(await bob.page.locator("li.pending").count()).toBe(0);
  });
});
