import type { Database } from "@chatmod/core/db";
import { groupCommit } from "@chatmod/core/group-commit";
import type { MessageWithAuthor } from "@chatmod/core/message-json";
import { requireRoomAccess } from "../auth/guards.ts";
import type { Viewer } from "../auth/sessions.ts";
import type { Context } from "../context.ts";
import { badInput, notFound } from "../errors.ts";
import { visibleMessagesWhere } from "../moderation/visibility.ts";
import * as valid from "../validation.ts";

/**
 * The message a new one replies to, checked before it is sent: in the same room,
 * one the sender can see, and not deleted. Only a reply pays for these reads: the
 * send statement itself just stores the id (post.ts). The sender must be able to post
 * in the room first, so nobody learns anything of a room's messages from outside it,
 * and another room's message is named as such only to someone who can read that room.
 */
export async function replyTarget(context: Context, viewer: Viewer, roomId: string, rawId: string): Promise<string> {
  await requireRoomAccess(context, roomId, "post");
  const id = valid.uuidOrNull(rawId);
  const original = id
    ? await context.db.message.findFirst({
        where: { id, ...visibleMessagesWhere(viewer) },
        select: { id: true, roomId: true, deletedAt: true },
      })
    : null;
  if (!original) throw notFound("The message to reply to");
  if (original.roomId !== roomId) {
    const readable = await requireRoomAccess(context, original.roomId, "read").then(
      () => true,
      () => false,
    );
    if (!readable) throw notFound("The message to reply to");
    throw badInput("replyToId", "You can only reply to a message in the same room.");
  }
  if (original.deletedAt) throw badInput("replyToId", "That message was deleted: it cannot be replied to.");
  return original.id;
}

/**
 * Loads the originals that replies quote, in one query per tick (as chat/authors.ts does for authors):
 * a history page of 50 replies costs one query, not 50. Nothing is kept past the tick.
 */
const loaders = new WeakMap<Database, (id: string) => Promise<MessageWithAuthor | null>>();

export function loadReplied(db: Database, id: string): Promise<MessageWithAuthor | null> {
  let load = loaders.get(db);
  if (!load) {
    const batches = groupCommit<string, MessageWithAuthor | null>(
      async (ids) => {
        const found = await db.message.findMany({
          where: { id: { in: [...new Set(ids)] } },
          include: { author: true },
        });
        const byId = new Map(found.map((message) => [message.id, message]));
        return ids.map((each) => ({ ok: true, value: byId.get(each) ?? null }));
      },
      { maxBatch: Number.POSITIVE_INFINITY, maxInFlight: Number.POSITIVE_INFINITY },
    );
    load = (each) => batches.submit(each);
    loaders.set(db, load);
  }
  return load(id);
}

/** How much of the original a reply quotes: a line's worth, whitespace folded. */
export const EXCERPT_CHARS = 140;

export function excerpt(text: string): string {
  const folded = text.replace(/\s+/g, " ").trim();
  const chars = [...folded];
  return chars.length <= EXCERPT_CHARS
    ? folded
    : `${chars
        .slice(0, EXCERPT_CHARS - 1)
        .join("")
        .trimEnd()}…`;
}
