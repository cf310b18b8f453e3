// Opens Prisma's schema engine (the code behind `prisma migrate`) in its
// WebAssembly build, talking to Postgres through @prisma/adapter-pg. We use it
// because the native schema-engine binary cannot be downloaded here; the Wasm
// build ships on npm. Prisma 7.10's CLI does not use it itself, so this is
// wiring of internal APIs, pinned to the exact Prisma version in package.json.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import type { wasm } from "@prisma/internals";
import pg from "pg";

export type SchemaEngine = wasm.SchemaEngineWasm;

// The Wasm engine and the adapter binder are dependencies of @prisma/internals
// (same Prisma release), not of this package, so resolve them from there.
const requireFromInternals = createRequire(createRequire(import.meta.url).resolve("@prisma/internals"));

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

const CONNECT_TIMEOUT_MS = 10_000;
const PG_CHAR = 18;
const PG_TEXT = 25;

/**
 * PrismaPg with the changes the schema engine needs:
 * - executeScript sends the whole script as one simple-protocol query, as the
 *   native engine does, instead of adapter-pg's split on ";" (which breaks
 *   on semicolons inside strings or DO bodies and loses the implicit
 *   transaction Postgres gives a multi-statement query).
 * - the shadow database is dropped after its pool is closed (adapter-pg drops
 *   it first, which fails while connections are open, and leaks a pool).
 * - every pool is tracked so close() can end them: the Wasm engine does not.
 */
class MigrationPg extends PrismaPg {
  readonly #url: string;
  readonly #open = new Set<Adapter>();

  constructor(url: string) {
    // The engine takes its advisory lock on one pooled connection and never
    // unlocks; keeping idle connections open keeps the lock until close().
    super({ connectionString: url, idleTimeoutMillis: 0, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    this.#url = url;
  }

  override async connect(): Promise<Adapter> {
    const adapter = readCharAsText(await super.connect());
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => readCharAsText(await startTransaction(isolationLevel));
    // An empty parameter list keeps pg on the simple query protocol.
    adapter.executeScript = async (script) => {
      await adapter.executeRaw({ sql: script, args: [], argTypes: [] });
    };
    return this.#track(adapter);
  }

  override async connectToShadowDb(): Promise<Adapter> {
    const database = `prisma_migrate_shadow_db_${crypto.randomUUID().replaceAll("-", "")}`;
    const drop = () => adminQuery(this.#url, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await adminQuery(this.#url, `CREATE DATABASE "${database}"`);
    try {
      return this.#track(await new MigrationPg(withDatabase(this.#url, database)).connect(), drop);
    } catch (error) {
      await drop();
      throw error;
    }
  }

  /** Ends every pool still open (main and shadow), dropping shadow databases. */
  async disposeAll(): Promise<void> {
    await Promise.all([...this.#open].map((adapter) => adapter.dispose()));
  }

  // Makes dispose idempotent and runs `after` once the pool has ended.
  #track(adapter: Adapter, after?: () => Promise<unknown>): Adapter {
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (!this.#open.delete(adapter)) return;
      await dispose();
      await after?.();
    };
    this.#open.add(adapter);
    return adapter;
  }
}

// Like prisma/orm#27403 for oid 19 (`name`, fixed in adapter-pg 7), adapter-pg
// rejects Postgres' one-byte "char" (oid 18), which the engine reads from
// pg_catalog when describing a schema; pg already returns it as a string.
function readCharAsText<T extends object>(queryable: T): T {
  // A multi-statement script yields one result per statement.
  type Results = pg.QueryResult | pg.QueryResult[];
  const io = queryable as unknown as { performIO(query: unknown): Promise<Results> };
  const performIO = io.performIO.bind(queryable);
  io.performIO = async (query) => {
    const results = await performIO(query);
    for (const result of [results].flat()) {
      for (const field of result.fields) if (field.dataTypeID === PG_CHAR) field.dataTypeID = PG_TEXT;
    }
    return results;
  };
  return queryable;
}

/** The same connection URL, pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const copy = new URL(url);
  copy.pathname = `/${encodeURIComponent(database)}`;
  return copy.href;
}

/** Runs one statement on the database in `url` (default: the server's maintenance database `postgres`). */
export async function adminQuery(url: string, sql: string, database = "postgres"): Promise<pg.QueryResult> {
  const client = new pg.Client({
    connectionString: withDatabase(url, database),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

interface EngineRuntime {
  SchemaEngine: {
    new: (
      options: { datamodels: [string, string][] | undefined },
      log: (line: string) => void,
      adapter: object,
    ) => Promise<SchemaEngine>;
  };
}

// The WebAssembly global exists in Node, but neither lib ES2023 nor @types/node declare it.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const { WebAssembly } = globalThis as unknown as { WebAssembly: WasmApi };

let runtime: Promise<EngineRuntime> | undefined;

// Mirrors @prisma/internals' wasmSchemaEngineLoader, which looks for the .wasm
// file next to the bundled CLI and so cannot be used from node_modules.
async function loadRuntime(): Promise<EngineRuntime> {
  const glue = requireFromInternals.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const bindings = (await import(pathToFileURL(glue).href)) as EngineRuntime & {
    __wbg_set_wasm(exports: object): void;
  };
  const module = new WebAssembly.Module(await readFile(join(dirname(glue), "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(module, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports["__wbindgen_start"] as () => void)();
  return bindings;
}

interface AdapterUtils {
  bindMigrationAwareSqlAdapterFactory(factory: PrismaPg): object;
}

export interface OpenEngine {
  engine: SchemaEngine;
  /** Frees the engine and ends its connections. Safe to call twice. */
  close(): Promise<void>;
}

/** Where the schema engine's own log lines go: nowhere unless asked for (DEBUG, see env.ts). */
export type EngineLog = (line: string) => void;
const quiet: EngineLog = () => {};
export const engineLogToStderr: EngineLog = (line) => console.error(line);

/** Opens the schema engine on `databaseUrl`, which must exist. */
export async function openSchemaEngine(databaseUrl: string, log: EngineLog = quiet): Promise<OpenEngine> {
  runtime ??= loadRuntime();
  const { SchemaEngine } = await runtime;
  const utils = requireFromInternals("@prisma/driver-adapter-utils") as AdapterUtils;
  const factory = new MigrationPg(databaseUrl);
  // No initial datamodel: every command we use takes its schemas as input.
  const engine = await SchemaEngine.new(
    { datamodels: undefined },
    log,
    utils.bindMigrationAwareSqlAdapterFactory(factory),
  ).catch(async (error: unknown) => {
    await factory.disposeAll();
    throw error;
  });
  let closed = false;
  return {
    engine,
    async close() {
      if (closed) return;
      closed = true;
      engine.free();
      await factory.disposeAll();
    },
  };
}

/** Runs `use` with an engine open on `databaseUrl`, closing it afterwards. */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  use: (engine: SchemaEngine) => Promise<T>,
  log?: EngineLog,
): Promise<T> {
  const { engine, close } = await openSchemaEngine(databaseUrl, log);
  try {
    return await use(engine);
  } finally {
    await close();
  }
}
