import type { Context } from "../context.ts";
import { forbidden, notFound, unauthenticated } from "../errors.ts";
import { governing, inForceFor, sanctionError } from "../moderation/sanctions.ts";
import type { Viewer } from "./sessions.ts";

export function requireViewer(context: Context): Viewer {
  if (!context.viewer) throw unauthenticated();
  return context.viewer;
}

export function isModerator(viewer: Viewer | null): boolean {
  return viewer?.role === "MODERATOR" || viewer?.role === "ADMIN";
}

/**
 * The viewer, who must be a member of the room: to post always; to read, unless
 * a moderator (moderators read every room). Sanctions are read here, from
 * Postgres, on every check, so one set through any replica holds on all at
 * once: a ban refuses reading (and a banned person is no longer a member), a
 * timeout refuses posting (sending, editing, reporting), both with FORBIDDEN
 * and the sanction's reason and end.
 */
export async function requireRoomAccess(context: Context, roomId: string, access: "read" | "post"): Promise<Viewer> {
  const viewer = requireViewer(context);
  const moderator = isModerator(viewer);
  const room = await context.db.room.findUnique({
    where: { id: roomId },
    select: {
      memberships: { where: { userId: viewer.id }, select: { userId: true } },
      sanctions: moderator ? false : { where: inForceFor(viewer.id, roomId) },
    },
  });
  if (!room) throw notFound("Room");
  const sanction = governing(room.sanctions ?? []);
  if (sanction && (sanction.kind !== "TIMEOUT" || access === "post")) throw sanctionError(sanction);
  if (room.memberships.length === 0 && !(access === "read" && moderator)) throw forbidden("Join the room first.");
  return viewer;
}

/**
 * The viewer, who may watch the room's directory details (roomUpdates): any
 * signed-in user but one banned from the room (a ban keeps them from reading or
 * subscribing to it); FORBIDDEN with the ban's reason and end.
 */
export async function requireNotBanned(context: Context, roomId: string): Promise<Viewer> {
  const viewer = requireViewer(context);
  if (isModerator(viewer)) return viewer;
  const sanction = governing(await context.db.sanction.findMany({ where: inForceFor(viewer.id, roomId) }));
  if (sanction && sanction.kind !== "TIMEOUT") throw sanctionError(sanction);
  return viewer;
}
