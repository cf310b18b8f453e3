import { requireRoomAccess } from "../auth/guards.ts";
import type { Context } from "../context.ts";
import { forbidden, notFound } from "../errors.ts";
import { announceRoomListChange } from "../live/announce.ts";
import * as valid from "../validation.ts";

/**
 * Moves the viewer's read marker in a room to `seq` (the room's latest when
 * not given). It only moves forward, and never past the room's latest event:
 * two devices marking out of order, or a client with a stale page, cannot
 * make read messages unread again. Their other devices hear of it.
 */
export async function markRoomRead(context: Context, rawRoomId: string, seq: number | null): Promise<string> {
  const roomId = valid.uuidOrNull(rawRoomId);
  if (!roomId) throw notFound("Room");
  if (seq !== null) valid.seq("seq", seq);
  const viewer = await requireRoomAccess(context, roomId, "read");
  const moved = await context.db.$executeRaw`
    UPDATE "Membership" m
    SET "readSeq" = greatest(m."readSeq", least(coalesce(${seq}::int, r."lastSeq"), r."lastSeq"))
    FROM "Room" r
    WHERE r.id = m."roomId" AND m."roomId" = ${roomId}::uuid AND m."userId" = ${viewer.id}::uuid`;
  // A moderator may read a room without joining it; only members keep a marker.
  if (moved === 0) throw forbidden("Only members keep a read marker: join the room first.");
  announceRoomListChange(context, viewer.id, roomId);
  return roomId;
}
