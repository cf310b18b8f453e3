import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export type Database = PrismaClient;
export type {
  Message,
  ModerationDecision,
  ModerationStatus,
  Role,
  Room,
  RoomEventKind,
  User,
} from "./generated/prisma/client.ts";
export { Prisma } from "./generated/prisma/client.ts";

/** Prisma through the `pg` driver adapter: no native query engine to download. */
export function createDatabase(databaseUrl: string, options: { poolSize?: number } = {}): Database {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}
