import { createHash, randomBytes } from "node:crypto";
import { type Database, Prisma, type Role } from "@chatmod/core/db";
import type { EventBus } from "@chatmod/core/event-bus";
import { groupCommit } from "@chatmod/core/group-commit";
import { inForceSql } from "@chatmod/core/sanctions";
import type { AccessChangeFact } from "@chatmod/core/topics";
import { SessionCache } from "./session-cache.ts";

export type Viewer = {
  id: string;
  username: string;
  role: Role;
  sessionId: string;
  /** When the session ends by time: a socket that outlives it is closed then (server/session-expiry.ts). */
  expiresAt: Date;
};

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

/** Opens a session and returns its bearer token; only the token's hash is stored. */
export async function openSession(db: Database, userId: string, ttlHours: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.session.create({
    data: { userId, tokenHash: sha256(token), expiresAt: new Date(Date.now() + ttlHours * 3_600_000) },
  });
  return token;
}

export type ViewerLookup = {
  /** Finds the viewer a bearer token belongs to: null when it is unknown, expired or revoked. */
  (token: string | undefined | null): Promise<Viewer | null>;
  /**
   * Makes every replica look these sessions up afresh: call it once a logout or
   * a role change is committed. Here at once; elsewhere when Redis delivers it.
   */
  changed(change: AccessChangeFact): Promise<void>;
};

/**
 * Every request and socket operation asks who its token belongs to. An answer
 * is remembered for `cacheMs` (SESSION_CACHE_MS): one statement per request was
 * a measured share of the send path. Revocation stays prompt: `changed` tells
 * every replica through Redis. Redis is at-most-once, so a replica whose Redis
 * connection comes back forgets everything, and `cacheMs` bounds the rest.
 * Lookups that miss and arrive together share one statement (a group commit,
 * see group-commit.ts); one alone goes at once.
 */
export function createViewerLookup(db: Database, events: EventBus, cacheMs: number): ViewerLookup {
  const cache = new SessionCache(cacheMs);
  if (cacheMs > 0) {
    void events.listen("access", (change) => cache.forget(change)).catch(() => cache.clear());
    events.onReconnect(() => cache.clear());
  }
  const batches = groupCommit<string, Viewer | null>(
    async (hashes) => {
      const viewers = await sessionsInForce(db, Prisma.sql`s."tokenHash" = ANY(${hashes}::text[])`);
      const byHash = new Map(viewers.map(({ tokenHash, ...viewer }) => [tokenHash, viewer]));
      return hashes.map((hash) => ({ ok: true, value: byHash.get(hash) ?? null }));
    },
    { maxBatch: 200, maxInFlight: 4 },
  );
  const lookup = async (token: string | undefined | null): Promise<Viewer | null> => {
    if (!token || token.length > 128) return null;
    // A hit costs no hashing: every operation on a socket asks again with the same token.
    const known = cache.get(token);
    if (known) return known;
    const generation = cache.generation;
    const viewer = await batches.submit(sha256(token));
    if (!viewer) return null;
    cache.set(token, viewer, viewer.expiresAt, generation);
    return viewer;
  };
  return Object.assign(lookup, {
    changed: async (change: AccessChangeFact) => {
      cache.forget(change);
      // Not fatal: the change is committed, and other replicas forget within cacheMs anyway.
      await events.publish("access", change).catch(() => {});
    },
  });
}

/**
 * The viewer of a session by its id, read from Postgres now (no cache): null when it is revoked,
 * expired or its user suspended. For the rare request that must see a logout or a role change at once.
 */
export async function viewerOfSession(db: Database, sessionId: string): Promise<Viewer | null> {
  const [viewer] = await sessionsInForce(db, Prisma.sql`s.id = ${sessionId}::uuid`);
  if (!viewer) return null;
  const { tokenHash: _, ...rest } = viewer;
  return rest;
}

/** The one definition of a session in force, for both lookups. */
function sessionsInForce(db: Database, which: Prisma.Sql) {
  return db.$queryRaw<(Viewer & { tokenHash: string })[]>`
    SELECT u.id, u.username, u.role::text AS role, s.id AS "sessionId", s."tokenHash", s."expiresAt"
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE ${which} AND s."revokedAt" IS NULL AND s."expiresAt" > now()
      -- A suspension revokes the sessions it finds; this covers one opened in a race with it.
      AND NOT EXISTS (SELECT 1 FROM "Sanction" x WHERE x."userId" = u.id AND x.kind = 'SUSPENSION' AND ${inForceSql("x")})`;
}

export async function revokeSession(db: Database, sessionId: string): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Reads `Authorization: Bearer <token>`. */
export function bearerToken(header: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1] ?? null;
}
