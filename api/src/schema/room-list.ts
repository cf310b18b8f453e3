import { requireViewer } from "../auth/guards.ts";
import { markRoomRead } from "../chat/read-markers.ts";
import { roomListStream } from "../live/room-list.ts";
import { perViewer } from "../server/shared-execution.ts";
import { builder } from "./builder.ts";
import { Room } from "./room.ts";

/** A busy room's changes gather this long before a room list reads it again (see live/room-list.ts). */
const ROOM_LIST_GATHER_MS = 500;

builder.objectFields(Room, (t) => ({
  viewerReadSeq: t.int({
    nullable: true,
    description:
      "The viewer's read marker: the seq of the last event they have read here, on any device. Null when not a member.",
    ...perViewer,
    resolve: async (room, _args, context) => (await context.loadReadState(context.viewer, room.id)).readSeq,
  }),
  unreadCount: t.int({
    description:
      "Messages after the viewer's read marker that they may see and did not write (deleted ones aside). " +
      "0 when not a member.",
    ...perViewer,
    resolve: async (room, _args, context) => (await context.loadReadState(context.viewer, room.id)).unread,
  }),
  mentionCount: t.int({
    description: "How many of the unread messages name the viewer as @username.",
    ...perViewer,
    resolve: async (room, _args, context) => (await context.loadReadState(context.viewer, room.id)).mentions,
  }),
}));

builder.queryFields((t) => ({
  joinedRooms: t.prismaField({
    type: [Room],
    description: "The rooms the viewer is a member of, by name: with unreadCount and mentionCount, a room list.",
    resolve: (query, _root, _args, context) => {
      const viewer = requireViewer(context);
      return context.db.room.findMany({
        ...query,
        where: { memberships: { some: { userId: viewer.id } } },
        orderBy: [{ name: "asc" }, { id: "asc" }],
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  markRoomRead: t.prismaField({
    type: Room,
    description:
      "Moves the viewer's read marker to `seq` (the room's latest when not given). It only moves forward. " +
      "Members only; the viewer's other devices hear of it through roomListUpdates.",
    args: { roomId: t.arg.id({ required: true }), seq: t.arg.int() },
    resolve: async (query, _root, args, context) => {
      const roomId = await markRoomRead(context, String(args.roomId), args.seq ?? null);
      return context.db.room.findUniqueOrThrow({ ...query, where: { id: roomId } });
    },
  }),
}));

builder.subscriptionField("roomListUpdates", (t) =>
  t.field({
    type: Room,
    description:
      "The viewer's room list, live: a room again each time it changes for them. A message there (its counts: " +
      `changes gather for ${ROOM_LIST_GATHER_MS} ms), its details, their read marker (from any device), joining ` +
      "or leaving it (viewerIsMember says which), and each new room. Only changes from now on: read joinedRooms " +
      "(or rooms) when you subscribe.",
    subscribe: (_root, _args, context) => {
      const viewer = requireViewer(context);
      return roomListStream(context.db, context.events, viewer.id, { gatherMs: ROOM_LIST_GATHER_MS });
    },
    resolve: (room) => room,
  }),
);
