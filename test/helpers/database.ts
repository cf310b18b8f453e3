import { randomBytes } from "node:crypto";
import pg from "pg";

const server = process.env["TEST_POSTGRES_URL"] ?? "postgresql://postgres@127.0.0.1:5432";

export const adminUrl = () => `${server}/postgres`;
export const databaseUrl = (name: string) => `${server}/${name}`;

/** A fresh database cloned from the migrated template; `drop` removes it. */
export async function cloneTemplate(template: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `chatmod_t_${randomBytes(5).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return {
    name,
    url: databaseUrl(name),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
