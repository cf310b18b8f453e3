import { requireRoomAccess } from "../auth/guards.ts";
import { badInput } from "../errors.ts";
import { perViewer } from "../server/shared-execution.ts";
import * as valid from "../validation.ts";
import { builder } from "./builder.ts";
import { Room } from "./room.ts";
import { User } from "./user.ts";

/** At most this many members per answer: enough to complete an @name, not a way to list a big room at once. */
const MEMBERS_MAX = 20;

builder.prismaObjectField(Room, "members", (t) =>
  t.prismaField({
    type: [User],
    description:
      `The room's members whose username starts with \`search\` (any case), by username: at most ${MEMBERS_MAX}, ` +
      "for completing an @mention. Members and moderators only.",
    // Who may read it differs from one viewer to the next: in roomUpdates, never a result shared with a non-member.
    ...perViewer,
    args: {
      search: t.arg.string({ defaultValue: "" }),
      first: t.arg.int({ defaultValue: 10 }),
    },
    resolve: async (query, room, args, context) => {
      await requireRoomAccess(context, room.id, "read");
      const search = valid.boundedText("search", args.search ?? "", 0, valid.limits.usernameMax);
      const first = args.first ?? 10;
      if (!Number.isInteger(first) || first < 1 || first > MEMBERS_MAX)
        throw badInput("first", `first must be 1 to ${MEMBERS_MAX}.`);
      return context.db.user.findMany({
        ...query,
        where: {
          memberships: { some: { roomId: room.id } },
          username: { startsWith: search, mode: "insensitive" },
        },
        orderBy: { username: "asc" },
        take: first,
      });
    },
  }),
);
