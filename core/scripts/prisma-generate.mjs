// Generates the Prisma client and the Pothos types without network access.
// `prisma generate` only needs the schema engine binary to exist, not to run;
// pointing it at any existing file stops it from trying to download one.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
const result = spawnSync("pnpm", ["exec", "prisma", "generate"], { stdio: "inherit", env, shell: true });
process.exit(result.status ?? 1);
