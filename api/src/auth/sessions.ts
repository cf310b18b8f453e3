import { createHash, randomBytes } from "node:crypto";
import type { Database, Role } from "../db.ts";

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

/** The viewer a token belongs to, or null when it is unknown, expired or revoked. */
export async function viewerForToken(db: Database, token: string | undefined | null): Promise<Viewer | null> {
  if (!token || token.length > 128) return null;
  // Every request and socket operation asks this: one statement, where Prisma's relation read makes two.
  const [viewer] = await db.$queryRaw<Viewer[]>`
    SELECT u.id, u.username, u.role::text AS role, s.id AS "sessionId"
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s."tokenHash" = ${sha256(token)} AND s."revokedAt" IS NULL AND s."expiresAt" > now()`;
  return viewer ?? null;
}

export async function revokeSession(db: Database, sessionId: string): Promise<void> {
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Reads `Authorization: Bearer <token>`. */
export function bearerToken(header: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  return match?.[1] ?? null;
}
