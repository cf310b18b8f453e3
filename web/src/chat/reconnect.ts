// What to do when a room's event stream stops, by WebSocket close code.

/** The API closes a socket whose session is unknown, expired or revoked with 4403. */
export const SESSION_ENDED_CLOSE = 4403;
/** The API closes a subscriber that fell too far behind with 4503: resubscribe with afterSeq. */
export const TOO_SLOW_CLOSE = 4503;
/** The API closes a user's sockets with 4504 when their rights change (role, membership): resubscribe. */
export const ACCESS_CHANGED_CLOSE = 4504;
/** A replica shutting down closes with 1001: reconnect (the proxy picks a live one) and resume. */
export const GOING_AWAY_CLOSE = 1001;

export type CloseAction = "sign-in-again" | "resume-now" | "resume-later";

export function actionForClose(code: number | undefined): CloseAction {
  if (code === SESSION_ENDED_CLOSE) return "sign-in-again";
  if (code === TOO_SLOW_CLOSE || code === ACCESS_CHANGED_CLOSE || code === GOING_AWAY_CLOSE) return "resume-now";
  return "resume-later";
}

/**
 * Randomised exponential backoff: 0.3 s, 0.6 s, 1.2 s… up to 10 s, each between
 * half and all of that, so clients dropped together do not all return together.
 */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(10_000, 300 * 2 ** attempt);
  return Math.round(ceiling * (0.5 + random() / 2));
}
