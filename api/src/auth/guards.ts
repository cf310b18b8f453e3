import type { Context } from "../context.ts";
import { forbidden, notFound, unauthenticated } from "../errors.ts";
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
 * a moderator (moderators read every room).
 */
export async function requireRoomAccess(context: Context, roomId: string, access: "read" | "post"): Promise<Viewer> {
  const viewer = requireViewer(context);
  const room = await context.db.room.findUnique({
    where: { id: roomId },
    select: { memberships: { where: { userId: viewer.id }, select: { userId: true } } },
  });
  if (!room) throw notFound("Room");
  const mayReadUnjoined = access === "read" && isModerator(viewer);
  if (room.memberships.length === 0 && !mayReadUnjoined) throw forbidden("Join the room first.");
  return viewer;
}
