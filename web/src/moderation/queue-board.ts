/** Where the API serves the queue board (admins only); the app's own origin proxies it. */
const BOARD_SESSION = "/admin/queues/session";

/**
 * Trades the session's bearer token for the board's cookie (HttpOnly, scoped to the board's
 * path, short-lived) and returns the board's address. A browser tab opened on the board
 * cannot carry the bearer token itself; the cookie is what admits it.
 */
export async function openQueueBoardSession(token: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(BOARD_SESSION, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new Error("The queue board cannot be reached right now: try again shortly.");
  }
  const body = (await response.json().catch(() => null)) as {
    url?: string;
    errors?: { message?: string }[];
  } | null;
  if (response.ok && typeof body?.url === "string") return body.url;
  throw new Error(body?.errors?.[0]?.message ?? `The queue board answered ${response.status}.`);
}
