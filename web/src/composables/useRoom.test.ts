import { print } from "graphql";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { effectScope, ref } from "vue";
import { RoomUpdatesDocument } from "../gql/graphql.ts";
import { FakeTransport, settle } from "../testing/fake-transport.ts";
import type { RoomUpdate } from "./useRoom.ts";
import { useRoom } from "./useRoom.ts";
import type { RoomPage } from "./useRooms.ts";

const general: RoomPage = {
  id: "r1",
  slug: "general",
  name: "general",
  description: "Say hello",
  memberCount: 2,
  messageCount: 7,
  viewerIsMember: true,
  moderationMode: "POST",
  slowModeSeconds: 0,
  viewerSanction: null,
};
const random: RoomPage = { ...general, id: "r2", slug: "random", name: "random" };

/** The room as roomUpdates carries it: shared fields only. */
const update = (room: RoomPage, changes: Partial<RoomUpdate>): { roomUpdates: RoomUpdate } => ({
  roomUpdates: {
    id: room.id,
    name: room.name,
    description: room.description,
    memberCount: room.memberCount,
    moderationMode: room.moderationMode,
    slowModeSeconds: room.slowModeSeconds,
    ...changes,
  },
});

/** Answers RoomBySlug from `rooms`, which a test may change between reads. */
function roomsBySlug(rooms: Record<string, RoomPage>): FakeTransport {
  return new FakeTransport((operation, variables) =>
    operation === "RoomBySlug" ? { data: { room: rooms[String(variables["slug"])] ?? null } } : { data: null },
  );
}

async function start(fake: FakeTransport, slug = ref("general")) {
  const scope = effectScope();
  const page = scope.run(() => useRoom(slug, fake.transport));
  if (!page) throw new Error("no room");
  await settle();
  return { page, scope, slug };
}

const reads = (fake: FakeTransport) => fake.calls.filter((call) => call.operation === "RoomBySlug").length;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("useRoom", () => {
  it("subscribes to the room it shows and merges each update, keeping the viewer's own fields", async () => {
    const fake = roomsBySlug({ general });
    const { page } = await start(fake);
    expect(fake.last.variables).toEqual({ roomId: "r1" });
    fake.last.next(update(general, { memberCount: 3, moderationMode: "PRE" }));
    expect(page.room.value).toEqual({ ...general, memberCount: 3, moderationMode: "PRE" });
    expect(page.room.value?.viewerIsMember).toBe(true);
    expect(page.room.value?.messageCount).toBe(7);
  });

  it("asks the API only for fields every watcher shares (per-viewer ones cost a run per viewer)", () => {
    const selected = print(RoomUpdatesDocument);
    expect(selected).not.toMatch(/viewerIsMember|policy|viewerHasReported/);
  });

  it("reads the room again, quietly, each time the socket (re)connects", async () => {
    const rooms = { general };
    const fake = roomsBySlug(rooms);
    const { page } = await start(fake);
    expect(reads(fake)).toBe(1);
    rooms.general = { ...general, memberCount: 5 }; // joins while the socket was down
    fake.connect();
    expect(page.loading.value).toBe(false);
    await settle();
    expect(reads(fake)).toBe(2);
    expect(page.room.value?.memberCount).toBe(5);
    fake.connect(); // a later reconnect reads it once more
    await settle();
    expect(reads(fake)).toBe(3);
  });

  it("keeps no timer: with the socket up, nothing reads the room again", async () => {
    const fake = roomsBySlug({ general });
    await start(fake);
    fake.connect();
    await settle();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(reads(fake)).toBe(2); // the page's load and the connection's
  });

  it("follows the slug: subscribes to the new room, drops the old one's subscription and updates", async () => {
    const fake = roomsBySlug({ general, random });
    const { page, slug } = await start(fake);
    const first = fake.last;
    slug.value = "random";
    await settle();
    expect(first.ended).toBe(true);
    expect(fake.last.variables).toEqual({ roomId: "r2" });
    first.next(update(general, { memberCount: 9 }));
    expect(page.room.value).toEqual(random);
  });

  it("drops a read of the room the page showed before, answered after the new room's", async () => {
    let generalReads = 0;
    let answerOld: (() => void) | undefined;
    const fake = new FakeTransport(async (_operation, variables) => {
      if (variables["slug"] === "random") return { data: { room: random } };
      if (++generalReads === 2) await new Promise<void>((resolve) => (answerOld = resolve));
      return { data: { room: general } };
    });
    const { page, slug } = await start(fake);
    fake.connect(); // a quiet read of general, answered late
    slug.value = "random";
    await settle();
    expect(answerOld).toBeTypeOf("function");
    answerOld?.();
    await settle();
    expect(page.room.value?.id).toBe("r2");
  });

  it("resubscribes after a drop, and stops when the API refuses", async () => {
    const fake = roomsBySlug({ general });
    await start(fake);
    fake.last.close(1006);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.subscriptions).toHaveLength(2);
    expect(fake.last.variables).toEqual({ roomId: "r1" });
    fake.last.fail("Sign in first.", "UNAUTHENTICATED");
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fake.subscriptions).toHaveLength(2);
  });

  it("unsubscribes, and stops listening for connections, when its scope ends", async () => {
    const fake = roomsBySlug({ general });
    const { scope } = await start(fake);
    const subscription = fake.last;
    scope.stop();
    expect(subscription.ended).toBe(true);
    fake.connect();
    await settle();
    expect(reads(fake)).toBe(1);
  });

  it("notes a sanction a refusal named at once (a ban leaves the room), then reads the room again for its id", async () => {
    const rooms: Record<string, RoomPage> = { general };
    const fake = roomsBySlug(rooms);
    const { page } = await start(fake);
    const ban = { id: "s9", kind: "BAN" as const, reason: "abuse", endsAt: null };
    rooms["general"] = { ...general, viewerIsMember: false, viewerSanction: ban };
    page.noteSanction({ id: null, kind: "BAN", reason: "abuse", endsAt: null });
    expect(page.room.value).toMatchObject({ viewerIsMember: false, viewerSanction: { id: null, kind: "BAN" } });
    await settle();
    expect(reads(fake)).toBe(2);
    expect(page.room.value?.viewerSanction).toEqual(ban);
  });

  it("keeps slow mode current from the room's updates", async () => {
    const fake = roomsBySlug({ general });
    const { page } = await start(fake);
    fake.last.next(update(general, { slowModeSeconds: 30 }));
    expect(page.room.value?.slowModeSeconds).toBe(30);
    expect(page.room.value?.viewerSanction).toBeNull();
  });
});
