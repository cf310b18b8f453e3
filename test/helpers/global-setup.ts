import { randomBytes } from "node:crypto";
import { applyMigrations } from "@chatmod/core/migrate";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { adminUrl, databaseUrl } from "./database.ts";

/**
 * Migrates one template database per test run; each test file then clones it
 * (CREATE DATABASE ... TEMPLATE), which takes milliseconds instead of a migration.
 */
export default async function setup(project: TestProject) {
  const template = `chatmod_tpl_${randomBytes(4).toString("hex")}`;
  await applyMigrations(databaseUrl(template));
  project.provide("templateDatabase", template);
  return async () => {
    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await client.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
