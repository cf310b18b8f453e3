import { describe, expect, it } from "vitest";
import { apiForFile } from "../helpers/api-for-file.ts";
import { signUp, type TestApi, uniqueName } from "../helpers/stack.ts";

const REGISTER = `mutation($input: CredentialsInput!) { register(input: $input) { token user { id username role } } }`;
const LOGIN = `mutation($input: CredentialsInput!) { login(input: $input) { token user { username } } }`;
const ME = `{ me { id username role } }`;

const api = apiForFile();

describe("accounts", () => {
  it("answers tokens looked up together each with its own viewer, and a logged-out one with nobody", async () => {
    const [alice, bob, carol] = [await signUp(api.client), await signUp(api.client), await signUp(api.client)];
    await carol.client.ok(`mutation { logout }`);
    const { viewers } = api.app.services;
    const found = await Promise.all([viewers(bob.token), viewers(carol.token), viewers(alice.token), viewers("nope")]);
    expect(found.map((viewer) => viewer?.username ?? null)).toEqual([
      bob.user.username,
      null,
      alice.user.username,
      null,
    ]);
    expect(found[0]).toMatchObject({ id: bob.user.id, role: "MEMBER" });
    expect(await viewers(null)).toBeNull();
    expect(await viewers("x".repeat(200))).toBeNull();
  });

  it("registers, signs in, answers me, and logs out for good", async () => {
    const username = uniqueName();
    const registered = await api.client.ok(REGISTER, { input: { username, password: "a long password" } });
    expect(registered.register.user).toMatchObject({ username, role: "MEMBER" });

    const login = await api.client.ok(LOGIN, { input: { username, password: "a long password" } });
    const session = api.client.as(login.login.token);
    expect((await session.ok(ME)).me.username).toBe(username);

    expect((await session.ok(`mutation { logout }`)).logout).toBe(true);
    expect((await session.ok(ME)).me).toBeNull();
    expect(await session.errorCode(`mutation { logout }`)).toBe("UNAUTHENTICATED");
    // The other session of the same user is untouched.
    expect((await api.client.as(registered.register.token).ok(ME)).me.username).toBe(username);
  });

  it("stores an Argon2id hash, never the password", async () => {
    const { user } = await signUp(api.client);
    const db = api.app.services.db;
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("correct horse");
  });

  it("refuses a wrong password and an unknown user with the same answer", async () => {
    const { user } = await signUp(api.client);
    const wrong = await api.client.request(LOGIN, { input: { username: user.username, password: "not the password" } });
    const unknown = await api.client.request(LOGIN, { input: { username: uniqueName(), password: "whatever123" } });
    expect(wrong.errors?.[0]).toMatchObject({
      message: "Wrong username or password.",
      extensions: { code: "UNAUTHENTICATED" },
    });
    expect(unknown.errors?.[0]).toEqual(wrong.errors?.[0]);
  });

  it("validates usernames and passwords with readable errors", async () => {
    const cases = [
      { username: "ab", password: "long enough pw" },
      { username: "bad name!", password: "long enough pw" },
      { username: uniqueName(), password: "short" },
    ];
    for (const input of cases) {
      const result = await api.client.request(REGISTER, { input });
      expect(result.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
      expect(result.errors?.[0]?.message).toMatch(/username|password/);
    }
  });

  it("refuses a taken username with CONFLICT", async () => {
    const { user } = await signUp(api.client);
    expect(
      await api.client.errorCode(REGISTER, { input: { username: user.username, password: "another password" } }),
    ).toBe("CONFLICT");
  });

  it("rate-limits logins per username across replicas", async () => {
    const limited = await api.stack.startApi({ LOGIN_RATE_LIMIT: "3" });
    const other = await api.stack.startApi({ LOGIN_RATE_LIMIT: "3" });
    const username = uniqueName();
    const attempt = (target: TestApi) =>
      target.client.errorCode(LOGIN, { input: { username, password: "wrong password" } });
    expect(await attempt(limited)).toBe("UNAUTHENTICATED");
    expect(await attempt(other)).toBe("UNAUTHENTICATED");
    expect(await attempt(limited)).toBe("UNAUTHENTICATED");
    const result = await other.client.request(LOGIN, { input: { username, password: "wrong password" } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "RATE_LIMITED" });
    expect(Number(result.errors?.[0]?.extensions?.["retryAfterMs"])).toBeGreaterThan(0);
  });

  it("treats a bad bearer token as signed out", async () => {
    const stranger = api.client.as("not-a-real-token");
    expect((await stranger.ok(ME)).me).toBeNull();
    expect(await stranger.errorCode(`{ rooms { edges { node { id } } } }`)).toBe("UNAUTHENTICATED");
  });

  it("makes the admin from the environment, and only when a password is given", async () => {
    const adminApi = await api.stack.startApi({
      ADMIN_USERNAME: "rootadmin",
      ADMIN_PASSWORD: "a very long admin password",
    });
    const login = await adminApi.client.ok(LOGIN, {
      input: { username: "rootadmin", password: "a very long admin password" },
    });
    expect((await adminApi.client.as(login.login.token).ok(ME)).me.role).toBe("ADMIN");
    expect(() => api.stack.env({ NODE_ENV: "production", ADMIN_PASSWORD: "" })).toThrow(/ADMIN_PASSWORD/);
  });
});
