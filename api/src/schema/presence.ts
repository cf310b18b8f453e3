import { requireRoomAccess, requireViewer } from "../auth/guards.ts";
import type { Context } from "../context.ts";
import { notFound } from "../errors.ts";
import { presenceOf, type RoomPresence as RoomPresenceValue } from "../live/presence-feeds.ts";
import * as valid from "../validation.ts";
import { builder } from "./builder.ts";
import { User } from "./user.ts";

const RoomPresence = builder.objectRef<RoomPresenceValue>("RoomPresence").implement({
  description:
    "Who is in a room now (has it open: a live roomPresence subscription) and who is typing there. Ephemeral: " +
    "kept in Redis with expiry, never stored. A closed or dead connection stops counting within seconds.",
  fields: (t) => ({
    roomId: t.exposeID("roomId"),
    online: t.field({
      type: [User],
      description: "The people with the room open, each once whatever their number of tabs, by username.",
      resolve: (presence) => presence.online,
    }),
    typing: t.field({
      type: [User],
      description: "The people typing in the room now, the viewer included (a client hides itself), by username.",
      resolve: (presence) => presence.typing,
    }),
  }),
});

/** The room an argument names, which the viewer may read (members and moderators; a ban refuses). */
async function readableRoom(
  context: Context,
  rawRoomId: string | number,
  access: "read" | "post",
): Promise<{ roomId: string; viewerId: string }> {
  const roomId = valid.uuidOrNull(rawRoomId);
  if (!roomId) throw notFound("Room");
  const viewer = await requireRoomAccess(context, roomId, access);
  return { roomId, viewerId: viewer.id };
}

builder.queryField("roomPresence", (t) =>
  t.field({
    type: RoomPresence,
    description:
      "Who is in the room and typing now, for clients that poll (roomPresence, the subscription, pushes it).",
    args: { roomId: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => {
      const { roomId } = await readableRoom(context, args.roomId, "read");
      const { nextExpiryAt: _, ...presence } = await presenceOf(context.db, context.presence, roomId);
      return presence;
    },
  }),
);

builder.subscriptionField("roomPresence", (t) =>
  t.field({
    type: RoomPresence,
    description:
      "Counts the subscriber as present in the room while it lasts, and yields who is in the room and typing: at " +
      "once, then after every change. Members and moderators only; a ban refuses it.",
    args: { roomId: t.arg.id({ required: true }) },
    subscribe: async (_root, args, context) => {
      const { roomId, viewerId } = await readableRoom(context, args.roomId, "read");
      return context.presenceFeeds.watch(roomId, viewerId);
    },
    resolve: (presence) => presence,
  }),
);

builder.mutationField("setTyping", (t) =>
  t.boolean({
    description:
      "Says that the viewer is typing in the room (for TYPING_TTL_MS, 6 s by default) or has stopped. " +
      "Members only, and not while timed out. Signals closer together than TYPING_THROTTLE_MS (2 s) are " +
      "absorbed, not refused: the answer is then false. Sending a message stops it too.",
    args: { roomId: t.arg.id({ required: true }), typing: t.arg.boolean({ required: true }) },
    resolve: async (_root, args, context) => {
      const viewer = requireViewer(context);
      const roomId = valid.uuidOrNull(args.roomId);
      if (!roomId) throw notFound("Room");
      if (!args.typing) {
        await readableRoom(context, roomId, "read");
        await context.presence.stopTyping(roomId, viewer.id);
        return true;
      }
      // Throttled first: an absorbed signal costs one Redis command and no Postgres.
      return context.presence.startTyping(roomId, viewer.id, () => readableRoom(context, roomId, "post"));
    },
  }),
);
