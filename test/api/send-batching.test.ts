import type { PostResult } from "@chatmod/api/chat/post";
import { describe, expect, it } from "vitest";
import { apiForFile } from "../helpers/api-for-file.ts";
import { JOIN_ROOM, SEND_MESSAGE } from "../helpers/operations.ts";
import { createRoom, signUp } from "../helpers/stack.ts";

// Sends that arrive together are stored together (one statement per room). Calling the
// replica's poster directly, in one turn of the event loop, makes them one batch for sure.

const api = apiForFile();

const join = (person: Awaited<ReturnType<typeof signUp>>, roomId: string) =>
  person.client.ok(JOIN_ROOM, { id: roomId });

function seqOf(result: PostResult | undefined): number {
  if (typeof result !== "object") throw new Error(`not stored: ${String(result)}`);
  return result.seq;
}

describe("sends stored together", () => {
  it("number each room's messages in the order they arrived, with their events and owed jobs", async () => {
    const [alice, bob] = [await signUp(api.client), await signUp(api.client)];
    const first = await createRoom(alice.client);
    const second = await createRoom(bob.client);
    await join(bob, first.id);
    const post = api.app.services.postMessage;
    const sends = [
      { roomId: first.id, authorId: alice.user.id, text: "a1" },
      { roomId: second.id, authorId: bob.user.id, text: "b1" },
      { roomId: first.id, authorId: bob.user.id, text: "a2" },
      { roomId: first.id, authorId: alice.user.id, text: "a3" },
      { roomId: second.id, authorId: bob.user.id, text: "b2" },
    ];
    const results = await Promise.all(sends.map((send) => post({ ...send, clientId: crypto.randomUUID() })));
    expect(results.map(seqOf)).toEqual([1, 1, 2, 3, 2]);
    const { db } = api.app.services;
    const events = await db.roomEvent.findMany({ where: { roomId: first.id }, orderBy: { seq: "asc" } });
    expect(events.map((event) => [event.seq, event.kind])).toEqual([
      [1, "MESSAGE_ADDED"],
      [2, "MESSAGE_ADDED"],
      [3, "MESSAGE_ADDED"],
    ]);
    const ids = results.map((result) => (typeof result === "object" ? result.id : ""));
    expect(await db.moderationOutbox.count({ where: { messageId: { in: ids } } })).toBe(5);
    expect((await db.room.findUniqueOrThrow({ where: { id: second.id } })).lastSeq).toBe(2);
  });

  it("stores texts that look like SQL array syntax exactly as sent, in one batch", async () => {
    const alice = await signUp(api.client);
    const room = await createRoom(alice.client);
    // The batch passes its texts as one text[] parameter: quotes, backslashes, braces, commas and
    // the word NULL are all array-literal syntax, and must come back as plain text.
    const texts = ['say "hi", {friend}', 'back\\slash \\"', "NULL", "two\nlines", "é 😀 ,}{"];
    const post = api.app.services.postMessage;
    const results = await Promise.all(
      texts.map((text) => post({ roomId: room.id, authorId: alice.user.id, clientId: crypto.randomUUID(), text })),
    );
    expect(results.map(seqOf)).toEqual([1, 2, 3, 4, 5]);
    const stored = await api.app.services.db.message.findMany({ where: { roomId: room.id }, orderBy: { seq: "asc" } });
    expect(stored.map((message) => message.text)).toEqual(texts);
    // The answer is typed as Prisma would type it: dates are Dates, the author is a user.
    const first = results[0];
    if (typeof first !== "object") throw new Error("not stored");
    expect(first.createdAt).toEqual(stored[0]!.createdAt);
    expect(first.owedAt).toBeInstanceOf(Date);
    expect(first.author).toMatchObject({ id: alice.user.id, username: alice.user.username });
    expect(first.author.createdAt).toBeInstanceOf(Date);
  });

  it("publishes a busy room's events in sequence order, so no replica reads one back to fill a hole", async () => {
    const [alice, bob] = [await signUp(api.client), await signUp(api.client)];
    const room = await createRoom(alice.client);
    await join(bob, room.id);
    const published: number[] = [];
    const unlisten = await api.app.services.events.listen("room", room.id, (fact) => published.push(fact.seq));
    try {
      // Over HTTP, so the sends arrive over several turns and batches form while others are being stored.
      await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          (index % 2 ? bob : alice).client.ok(SEND_MESSAGE, {
            input: { roomId: room.id, text: `m${index}`, clientId: crypto.randomUUID() },
          }),
        ),
      );
      const deadline = Date.now() + 5_000;
      while (published.length < 30 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      unlisten();
    }
    expect(published).toEqual(Array.from({ length: 30 }, (_, index) => index + 1));
  });

  it("tells a reused clientId, a non-member and a repeat apart without a hole in the sequence", async () => {
    const alice = await signUp(api.client);
    const stranger = await signUp(api.client);
    const room = await createRoom(alice.client);
    const post = api.app.services.postMessage;
    const used = crypto.randomUUID();
    const before = await post({ roomId: room.id, authorId: alice.user.id, clientId: used, text: "first" });
    expect(seqOf(before)).toBe(1);

    const repeated = crypto.randomUUID();
    const results = await Promise.all([
      post({ roomId: room.id, authorId: alice.user.id, clientId: crypto.randomUUID(), text: "fresh" }),
      post({ roomId: room.id, authorId: alice.user.id, clientId: used, text: "again" }),
      post({ roomId: room.id, authorId: stranger.user.id, clientId: crypto.randomUUID(), text: "let me in" }),
      post({ roomId: room.id, authorId: alice.user.id, clientId: repeated, text: "twice" }),
      post({ roomId: room.id, authorId: alice.user.id, clientId: repeated, text: "twice" }),
    ]);
    expect(seqOf(results[0])).toBe(2);
    expect(results[1]).toBe("duplicate");
    expect(results[2]).toBe("not-allowed");
    expect(seqOf(results[3])).toBe(3);
    expect(results[4]).toEqual(results[3]);
    const stored = await api.app.services.db.message.findMany({ where: { roomId: room.id }, orderBy: { seq: "asc" } });
    expect(stored.map((message) => [message.seq, message.text])).toEqual([
      [1, "first"],
      [2, "fresh"],
      [3, "twice"],
    ]);
    expect((await api.app.services.db.room.findUniqueOrThrow({ where: { id: room.id } })).lastSeq).toBe(3);
  });
});
