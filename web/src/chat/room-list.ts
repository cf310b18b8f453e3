import type { ListedRoomFragment } from "../gql/graphql.ts";

/** A room of the person's list, with their read state there. */
export type ListedRoom = ListedRoomFragment;

/** The list after a room changed: rooms they are in, by name; one they left goes. */
export function applyToList(list: readonly ListedRoom[], room: ListedRoom): ListedRoom[] {
  const others = list.filter((each) => each.id !== room.id);
  if (!room.viewerIsMember) return others;
  return [...others, room].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

export function totals(list: readonly ListedRoom[]): { unread: number; mentions: number } {
  let unread = 0;
  let mentions = 0;
  for (const room of list) {
    unread += room.unreadCount;
    mentions += room.mentionCount;
  }
  return { unread, mentions };
}

/** How many more times the room names them than before: a notification's worth, or 0. */
export function newMentions(before: ListedRoom | undefined, after: ListedRoom): number {
  return before ? Math.max(0, after.mentionCount - before.mentionCount) : 0;
}

/** A count as a badge shows it: big numbers stop at 99+. */
export function badgeCount(count: number): string {
  return count > 99 ? "99+" : String(count);
}

/** The badge's words for a screen reader: "3 unread messages, 1 mention". */
export function unreadWords(room: Pick<ListedRoom, "unreadCount" | "mentionCount">): string {
  const parts = [];
  if (room.unreadCount > 0) parts.push(`${room.unreadCount} unread message${room.unreadCount === 1 ? "" : "s"}`);
  if (room.mentionCount > 0) parts.push(`${room.mentionCount} mention${room.mentionCount === 1 ? "" : "s"}`);
  return parts.join(", ");
}
