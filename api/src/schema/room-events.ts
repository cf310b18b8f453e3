import { requireRoomAccess } from "../auth/guards.ts";
import { apiError, ErrorCode, notFound } from "../errors.ts";
import { currentSeq, type RoomEventRecord } from "../live/room-events.ts";
import { roomEventStream } from "../live/room-stream.ts";
import * as valid from "../validation.ts";
import { builder } from "./builder.ts";
import { Message } from "./message.ts";

const RoomEventKind = builder.enumType("RoomEventKind", {
  values: {
    MESSAGE_ADDED: {},
    MESSAGE_EDITED: {},
    MESSAGE_DELETED: {},
    MESSAGE_MODERATED: {},
    MESSAGE_REACTED: { description: "Its reactions changed: the event carries the message with them as they are now." },
  } as const,
});

const RoomEvent = builder.objectRef<RoomEventRecord>("RoomEvent").implement({
  description: "Something that happened in a room. `seq` increases by one per event, with no holes.",
  fields: (t) => ({
    seq: t.exposeInt("seq"),
    kind: t.field({ type: RoomEventKind, resolve: (event) => event.kind }),
    message: t.field({ type: Message, description: "The message as it is now.", resolve: (event) => event.message }),
  }),
});

builder.subscriptionField("roomEvents", (t) =>
  t.field({
    type: RoomEvent,
    description:
      "Every event of a room, in order. With afterSeq, first replays what came after it, then continues live, " +
      "with no gap and no duplicate (an afterSeq beyond the room's lastSeq is BAD_USER_INPUT). A client too slow " +
      "to keep up is disconnected with close code 4503 and should resubscribe with the last seq it saw.",
    args: { roomId: t.arg.id({ required: true }), afterSeq: t.arg.int() },
    subscribe: async (_root, args, context) => {
      const roomId = valid.uuidOrNull(args.roomId);
      if (!roomId) throw notFound("Room");
      await requireRoomAccess(context, roomId, "read");
      const afterSeq = args.afterSeq ?? null;
      // Events up to afterSeq would be skipped as already seen: a number the room has not reached is a mistake.
      if (afterSeq !== null && (afterSeq < 0 || afterSeq > (await currentSeq(context.db, roomId))))
        throw apiError(
          ErrorCode.BAD_USER_INPUT,
          "afterSeq is not an event of this room: use a seq you received, or the room's lastSeq.",
          { field: "afterSeq" },
        );
      return roomEventStream(context.db, context.roomFeeds, roomId, {
        afterSeq,
        buffer: context.env.SUBSCRIBER_BUFFER,
      });
    },
    resolve: (event) => event,
  }),
);
