import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Database } from "@chatmod/core/db";
import type { RedisClient } from "@chatmod/core/redis";
import { type Viewer, viewerOfSession } from "../auth/sessions.ts";

export const BOARD_PATH = "/admin/queues";
const COOKIE = "chatmod_queue_board";

export function isBoardPath(path: string): boolean {
  return path === BOARD_PATH || path.startsWith(`${BOARD_PATH}/`);
}

export type Refusal = { ok: false; status: 401 | 403; code: "UNAUTHENTICATED" | "FORBIDDEN"; message: string };
/** Who asks for the board: admitted, or refused with a status and a readable reason. */
export type BoardAccess = { ok: true; viewer: Viewer } | Refusal;

export const NOT_SIGNED_IN: Refusal = {
  ok: false,
  status: 401,
  code: "UNAUTHENTICATED",
  message: "Open the queue board from the app's Moderation page, signed in as an admin.",
};
export const ADMINS_ONLY: Refusal = { ok: false, status: 403, code: "FORBIDDEN", message: "Admins only." };

/**
 * A browser navigation cannot carry the app's bearer token, so an admin trades it
 * (POST /admin/queues/session) for a board ticket: a random value in an HttpOnly,
 * SameSite=Strict cookie scoped to the board's path, short-lived, whose hash maps to
 * the session in Redis (every replica sees it). Each board request reads the session
 * from Postgres again, so a logout, a revoked session or a demotion ends access at once.
 */
export class BoardTickets {
  private readonly db: Database;
  private readonly redis: RedisClient;
  private readonly redisPrefix: string;
  private readonly ttlSeconds: number;
  private readonly secureCookie: boolean;

  constructor(db: Database, redis: RedisClient, redisPrefix: string, ttlSeconds: number, secureCookie: boolean) {
    this.db = db;
    this.redis = redis;
    this.redisPrefix = redisPrefix;
    this.ttlSeconds = ttlSeconds;
    this.secureCookie = secureCookie;
  }

  /** Issues a ticket for an admin's session; returns the Set-Cookie value. */
  async issue(viewer: Viewer): Promise<string> {
    const ticket = randomBytes(32).toString("base64url");
    // Never past the session's own end.
    const seconds = Math.min(this.ttlSeconds, Math.floor((viewer.expiresAt.getTime() - Date.now()) / 1000));
    if (seconds <= 0) return this.cookie("", 0);
    await this.redis.set(this.key(ticket), viewer.sessionId, "EX", seconds);
    return this.cookie(ticket, seconds);
  }

  /** The admin behind the request's ticket, checked against the session now. */
  async check(req: IncomingMessage): Promise<BoardAccess> {
    const ticket = readCookie(req.headers.cookie, COOKIE);
    if (!ticket || ticket.length > 64) return NOT_SIGNED_IN;
    const sessionId = await this.redis.get(this.key(ticket));
    if (!sessionId) return NOT_SIGNED_IN;
    const viewer = await viewerOfSession(this.db, sessionId);
    if (!viewer) return NOT_SIGNED_IN;
    return viewer.role === "ADMIN" ? { ok: true, viewer } : ADMINS_ONLY;
  }

  /** A Set-Cookie that makes the browser forget a ticket that no longer admits anyone. */
  cleared(): string {
    return this.cookie("", 0);
  }

  private key(ticket: string): string {
    return `${this.redisPrefix}queue-board:ticket:${createHash("sha256").update(ticket).digest("hex")}`;
  }

  private cookie(value: string, maxAge: number): string {
    const secure = this.secureCookie ? "; Secure" : "";
    return `${COOKIE}=${value}; Path=${BOARD_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure}`;
  }
}

function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return null;
}
