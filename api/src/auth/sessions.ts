import { createHash, randomBytes } from "node:crypto";
import type { Database, Role } from "../db.ts";
import { groupCommit } from "../group-commit.ts";

export type Viewer = { id: string; username: string; role: Role; sessionId: string };

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");

/** Opens a session and returns its bearer token; only the token's hash is stored. */
export async function openSession(db: Database, userId: string, ttlHours: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.session.create({
    data: { userId, tokenHash: sha256(token), expiresAt: new Date(Date.now() + ttlHours * 3_600_000) },
  });
  return token;
}

/** Finds the viewer a bearer token belongs to: null when it is unknown, expired or revoked. */
export type ViewerLookup = (token: string | undefined | null) => Promise<Viewer | null>;

/**
 * Every request and socket operation asks who its token belongs to. Lookups
 * that arrive together share one statement (a group commit, see
 * group-commit.ts); one alone goes at once. Nothing is cached, so a logout
 * ends the session on every replica from its next request.
 */
export function createViewerLookup(db: Database): ViewerLookup {
  const batches = groupCommit<string, Viewer | null>(
    async (hashes) => {
      const viewers = await db.$queryRaw<(Viewer & { tokenHash: string })[]>`
        SELECT u.id, u.username, u.role::text AS role, s.id AS "sessionId", s."tokenHash"
        FROM "Session" s JOIN "User" u ON u.id = s."userId"
        WHERE s."tokenHash" = ANY(${hashes}::text[]) AND s."revokedAt" IS NULL AND s."expiresAt" > now()`;
      const byHash = new Map(viewers.map(({ tokenHash, ...viewer }) => [tokenHash, viewer]));
      return hashes.map((hash) => ({ ok: true, value: byHash.get(hash) ?? null }));
    },
    { maxBatch: 200, maxInFlight: 4 },
  );
  return async (token) => (!token || token.length > 128 ? null : batches.submit(sha256(token)));
}

export async function revokeSession(db: Database, sessionId: string): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Reads `Authorization: Bearer <token>`. */
export function bearerToken(header: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1] ?? null;
}
