// The viewer's notices (what moderation did to them), kept by plain functions (no Vue).
import type { NoticeItemFragment } from "../gql/graphql.ts";
import { untilText } from "./countdown.ts";

export type Notice = NoticeItemFragment;

/** How many notices the list keeps (the API's first page, plus those that arrive live). */
export const NOTICES_KEPT = 50;

/** Adds notices to a list, newest first, once each by id (the later copy wins: it may be read since). */
export function mergeNotices(list: readonly Notice[], incoming: readonly Notice[]): Notice[] {
  const byId = new Map(list.map((notice) => [notice.id, notice]));
  for (const notice of incoming) byId.set(notice.id, notice);
  return [...byId.values()]
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (b.id > a.id ? 1 : -1))
    .slice(0, NOTICES_KEPT);
}

/** The list once everything is read (`at`: when, ISO). */
export function markAllRead(list: readonly Notice[], at: string): Notice[] {
  return list.map((notice) => (notice.readAt ? notice : { ...notice, readAt: at }));
}

/** A UTC time as the API writes it in a notice's text ("2026-11-21 14:05 UTC"). */
const apiTime = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/**
 * The notice's text, from the API, with the sanction's end in the browser's own time: the API
 * writes it in UTC ("until 2026-11-21 14:05 UTC") and the app shows "until 15:05" in Paris.
 */
export function noticeText(notice: Notice, now = Date.now()): string {
  const endsAt = notice.sanction?.endsAt;
  if (!endsAt || Number.isNaN(Date.parse(endsAt))) return notice.text;
  return notice.text.replace(`until ${apiTime(endsAt)}`, `until ${untilText(endsAt, now)}`);
}

/** A notice that changes what the viewer may do in a room: read the room's sanction again. */
export function changesSanction(notice: Notice, roomId: string): boolean {
  if (notice.room?.id !== roomId) return false;
  return notice.kind === "SANCTIONED" || notice.kind === "SANCTION_LIFTED" || notice.kind === "APPEAL_DECIDED";
}
