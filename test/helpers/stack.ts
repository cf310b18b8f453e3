import { randomBytes } from "node:crypto";
import { type App, buildApp } from "@chatmod/api/app";
import { type Env, parseEnv } from "@chatmod/api/env";
import { Redis } from "ioredis";
import { inject } from "vitest";
import { cloneTemplate } from "./database.ts";
import { GraphQLClient, gql } from "./graphql.ts";
import { type Credentials, LOGIN } from "./operations.ts";

export const REDIS_URL = process.env["TEST_REDIS_URL"] ?? "redis://127.0.0.1:6379";

/** The admin account of replicas started with startApiWithAdmin. */
export const TEST_ADMIN = { username: "chief", password: "a long admin password" };

export type TestApi = { app: App; url: string; wsUrl: string; client: GraphQLClient; env: Env };

/**
 * Everything one test file needs, isolated: its own database (cloned from the
 * migrated template), its own Redis prefix, API replicas on free ports. `close`
 * stops the replicas, drops the database and deletes the prefix's keys.
 */
export class TestStack {
  private readonly apis: TestApi[] = [];

  readonly databaseUrl: string;
  readonly redisPrefix: string;
  private readonly dropDatabase: () => Promise<void>;

  private constructor(databaseUrl: string, redisPrefix: string, dropDatabase: () => Promise<void>) {
    this.databaseUrl = databaseUrl;
    this.redisPrefix = redisPrefix;
    this.dropDatabase = dropDatabase;
  }

  static async create(): Promise<TestStack> {
    const database = await cloneTemplate(inject("templateDatabase"));
    return new TestStack(database.url, `t${randomBytes(5).toString("hex")}:`, database.drop);
  }

  /** A stack on a database of the test's own (a private Postgres it may stop); the test disposes of it. */
  static onDatabase(databaseUrl: string): TestStack {
    return new TestStack(databaseUrl, `t${randomBytes(5).toString("hex")}:`, async () => {});
  }

  env(overrides: Record<string, string> = {}): Env {
    return parseEnv({
      NODE_ENV: "test",
      DATABASE_URL: this.databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: this.redisPrefix,
      LOG_LEVEL: "silent",
      ALLOWED_ORIGINS: "http://allowed.example",
      SEND_RATE_LIMIT: "1000",
      LOGIN_RATE_LIMIT: "1000",
      // Every test signs up and logs in from 127.0.0.1.
      LOGIN_ADDRESS_RATE_LIMIT: "1000",
      SIGNUP_RATE_LIMIT: "1000",
      ...overrides,
    });
  }

  /** Starts one API replica on a free port. */
  async startApi(overrides: Record<string, string> = {}): Promise<TestApi> {
    const env = this.env(overrides);
    const app = buildApp(env);
    const url = await app.start(0, "127.0.0.1");
    const api = { app, url, wsUrl: `${url.replace("http", "ws")}/graphql`, client: new GraphQLClient(url), env };
    this.apis.push(api);
    return api;
  }

  /** Starts a replica that creates the admin account (TEST_ADMIN), and signs the admin in on it. */
  async startApiWithAdmin(overrides: Record<string, string> = {}): Promise<TestApi & { admin: GraphQLClient }> {
    const api = await this.startApi({
      ...overrides,
      ADMIN_USERNAME: TEST_ADMIN.username,
      ADMIN_PASSWORD: TEST_ADMIN.password,
    });
    const login = await api.client.ok(LOGIN, { input: TEST_ADMIN });
    return { ...api, admin: api.client.as(login.login.token) };
  }

  async stopApi(api: TestApi): Promise<void> {
    this.apis.splice(this.apis.indexOf(api), 1);
    await api.app.stop();
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.apis.splice(0).map((api) => api.app.stop()));
    const redis = new Redis(REDIS_URL);
    // The queue's keys begin with a hash tag made of the prefix (core/src/moderation-jobs.ts).
    const keys = [...(await redis.keys(`${this.redisPrefix}*`)), ...(await redis.keys(`{${this.redisPrefix}*`))];
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await this.dropDatabase();
  }
}

const REGISTER = gql<{ register: { token: string; user: { id: string; username: string } } }, { input: Credentials }>(
  `mutation($input: CredentialsInput!) { register(input: $input) { token user { id username } } }`,
);
const CREATE_ROOM = gql<{ createRoom: { id: string; slug: string } }, { input: { slug: string; name: string } }>(
  `mutation($input: CreateRoomInput!) { createRoom(input: $input) { id slug } }`,
);

let counter = 0;
/** A unique, valid username for this test run. */
export const uniqueName = (stem = "user") => `${stem}${++counter}_${randomBytes(3).toString("hex")}`;

/** Registers a user and returns a client signed in as them. */
export async function signUp(client: GraphQLClient, username = uniqueName()) {
  const data = await client.ok(REGISTER, { input: { username, password: "correct horse battery" } });
  return { client: client.as(data.register.token), token: data.register.token, user: data.register.user };
}

export async function createRoom(client: GraphQLClient, slug = uniqueName("room").toLowerCase().replace(/_/g, "-")) {
  const data = await client.ok(CREATE_ROOM, { input: { slug, name: `Room ${slug}` } });
  return data.createRoom;
}
