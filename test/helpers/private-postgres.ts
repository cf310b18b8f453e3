// A Postgres cluster of a test's own, on loopback, that the test may stop and start again:
// initdb and pg_ctl from the installed server, run as the postgres user (they refuse root).

import { execFileSync } from "node:child_process";
import { chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.ts";

const binDir = () => {
  const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error("no Postgres server installed under /usr/lib/postgresql");
  return `/usr/lib/postgresql/${versions[0]}/bin`;
};

export type PrivatePostgres = {
  /** The server's URL (append a database name). */
  url: string;
  stop(): void;
  start(): void;
  destroy(): void;
};

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "chatmod-pg-"));
  const asPostgres = (command: string, args: string[]) => {
    const root = process.getuid?.() === 0;
    execFileSync(root ? "runuser" : command, root ? ["-u", "postgres", "--", command, ...args] : args, {
      stdio: "pipe",
    });
  };
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, "data");
  asPostgres(`${bin}/initdb`, ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`;
  const start = () => asPostgres(`${bin}/pg_ctl`, ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "start"]);
  // Immediate: as a crash or a pulled plug would, dropping every connection at once.
  const stop = () => asPostgres(`${bin}/pg_ctl`, ["-D", data, "-m", "immediate", "-w", "stop"]);
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}`,
    start,
    stop,
    destroy() {
      try {
        stop();
      } catch {
        // Already stopped.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The postgres user's ids: the cluster's directory must be theirs. */
function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"]).toString().trim());
  return { uid: id("-u"), gid: id("-g") };
}
