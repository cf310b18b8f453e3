import { Prisma, type SanctionKind } from "./db.ts";

/**
 * When a sanction is in force, said once for every reader: not lifted, started,
 * and not ended. Expiry is a comparison with the clock, so a timeout ends by
 * itself on every replica at the same moment, with no job to run.
 */
export function inForceSql(alias: string): Prisma.Sql {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(alias)) throw new Error(`not an SQL identifier: ${alias}`);
  return Prisma.raw(
    `(${alias}."liftedAt" IS NULL AND ${alias}."startsAt" <= now() AND (${alias}."endsAt" IS NULL OR ${alias}."endsAt" > now()))`,
  );
}

/** The same as a Prisma filter, at `now`. */
export function inForceWhere(now = new Date()): Prisma.SanctionWhereInput {
  return { liftedAt: null, startsAt: { lte: now }, OR: [{ endsAt: null }, { endsAt: { gt: now } }] };
}

/** A timeout lasts 1 minute to 28 days (what Discord allows too); bans and suspensions may have no end. */
export const TIMEOUT_MINUTES = { min: 1, max: 28 * 24 * 60 } as const;

/** What each kind forbids, in the words the API and the app use. */
export const sanctionWords: Record<SanctionKind, { noun: string; state: string }> = {
  TIMEOUT: { noun: "timeout", state: "muted" },
  BAN: { noun: "ban", state: "banned" },
  SUSPENSION: { noun: "suspension", state: "suspended" },
};
