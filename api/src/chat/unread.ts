import type { Database, Prisma } from "@chatmod/core/db";
import { groupCommit } from "@chatmod/core/group-commit";
import type { Viewer } from "../auth/sessions.ts";
import { visibleMessagesWhere } from "../moderation/visibility.ts";

/** Where one person stands in a room: their read marker (null when not a member) and what came after it. */
export type ReadState = { readSeq: number | null; unread: number; mentions: number };

export type ReadStateLoader = (viewer: Viewer | null, roomId: string) => Promise<ReadState>;

const NOT_A_MEMBER: ReadState = { readSeq: null, unread: 0, mentions: 0 };

/**
 * Loads the viewer's read state of rooms, three queries per tick however many
 * rooms (a room list of 50 is not 150 queries). Unread is every message after
 * the marker that the viewer may see and did not write, deleted ones aside;
 * mentions are those of them that name the viewer. Nothing is cached past the
 * tick, so a long-lived subscription's context counts afresh each time.
 */
export function createReadStateLoader(db: Database): ReadStateLoader {
  const states = groupCommit<{ viewer: Viewer | null; roomId: string }, ReadState>(
    async (asked) => {
      // One operation has one viewer; a batch holds several only if a context is shared, and then each is read.
      const viewers = new Map(asked.flatMap(({ viewer }) => (viewer ? [[viewer.id, viewer]] : [])));
      const byViewer = new Map(
        await Promise.all(
          [...viewers.values()].map(
            async (viewer) =>
              [viewer.id, await readStates(db, viewer, [...new Set(asked.map(({ roomId }) => roomId))])] as const,
          ),
        ),
      );
      return asked.map(({ viewer, roomId }) => ({
        ok: true,
        value: (viewer && byViewer.get(viewer.id)?.get(roomId)) ?? NOT_A_MEMBER,
      }));
    },
    { maxBatch: Number.POSITIVE_INFINITY, maxInFlight: Number.POSITIVE_INFINITY },
  );
  return (viewer, roomId) => states.submit({ viewer, roomId });
}

async function readStates(db: Database, viewer: Viewer, roomIds: string[]): Promise<Map<string, ReadState>> {
  const memberships = await db.membership.findMany({
    where: { userId: viewer.id, roomId: { in: roomIds } },
    select: { roomId: true, readSeq: true },
  });
  if (memberships.length === 0) return new Map();
  const unread: Prisma.MessageWhereInput = {
    AND: [
      { OR: memberships.map(({ roomId, readSeq }) => ({ roomId, seq: { gt: readSeq } })) },
      { authorId: { not: viewer.id }, deletedAt: null },
      visibleMessagesWhere(viewer),
    ],
  };
  const [unreadByRoom, mentionsByRoom] = await Promise.all([
    db.message.groupBy({ by: ["roomId"], where: unread, _count: { _all: true } }),
    db.message.groupBy({
      by: ["roomId"],
      where: { AND: [unread, { mentionedUserIds: { has: viewer.id } }] },
      _count: { _all: true },
    }),
  ]);
  const count = (groups: { roomId: string; _count: { _all: number } }[], roomId: string) =>
    groups.find((group) => group.roomId === roomId)?._count._all ?? 0;
  return new Map(
    memberships.map(({ roomId, readSeq }) => [
      roomId,
      { readSeq, unread: count(unreadByRoom, roomId), mentions: count(mentionsByRoom, roomId) },
    ]),
  );
}
