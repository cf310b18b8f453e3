// What the dashboard says once a decision is done: in sight, and announced (role=status).
import type { ModerationAction } from "../gql/graphql.ts";

const DONE: Record<ModerationAction, string> = { APPROVE: "Approved", REJECT: "Rejected", RESTORE: "Restored" };

/** "1 message", "3 messages". */
export const messageCount = (count: number) => (count === 1 ? "1 message" : `${count} messages`);

/** "Rejected 3 messages". */
export const outcomeText = (action: ModerationAction, count: number) => `${DONE[action]} ${messageCount(count)}`;

/**
 * What a rejection's Undo writes in the audit log. Undo is the RESTORE action: the message is then approved
 * (visible to everyone), not back in its queue, since the API has no way back to a flag.
 */
export const UNDO_REASON = "Undo";
