import { type App, buildApp } from "@chatmod/api/app";
import { startWebServer, type WebServer } from "@chatmod/web/serve";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { freePort } from "../helpers/free-port.ts";
import { LOGIN } from "../helpers/operations.ts";
import { TEST_ADMIN, type TestApi, TestStack } from "../helpers/stack.ts";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** One side of the deployment: an API replica and the built app served by a proxy in front of it. */
export type Side = { api: TestApi; web: WebServer; port: number };

/**
 * What the browser tests run against: real Postgres and Redis (an isolated
 * database and key prefix), two API replicas, two static+proxy servers (one
 * per replica, so two people can use different replicas) and Chromium.
 */
export class BrowserStack {
  private readonly restarted: App[] = [];

  readonly stack: TestStack;
  readonly a: Side;
  readonly b: Side;
  readonly browser: Browser;
  private readonly overrides: Record<string, string>;

  private constructor(stack: TestStack, a: Side, b: Side, browser: Browser, overrides: Record<string, string>) {
    this.stack = stack;
    this.a = a;
    this.b = b;
    this.browser = browser;
    this.overrides = overrides;
  }

  /** `env`: more settings for the API replicas (e.g. a lower SEND_RATE_LIMIT). */
  static async start(env: Record<string, string> = {}): Promise<BrowserStack> {
    const stack = await TestStack.create();
    // The API checks the WebSocket Origin, so the web servers' origins must be known first.
    const [webA, webB] = [await freePort(), await freePort()];
    const overrides = {
      ALLOWED_ORIGINS: `http://127.0.0.1:${webA},http://127.0.0.1:${webB}`,
      SHUTDOWN_GRACE_MS: "1000",
      ADMIN_USERNAME: TEST_ADMIN.username,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      ...env,
    };
    const side = async (port: number): Promise<Side> => {
      const api = await stack.startApi(overrides);
      const web = await startWebServer({ port, apiUrl: api.url });
      return { api, web, port: Number(new URL(api.url).port) };
    };
    const a = await side(webA);
    const b = await side(webB);
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    return new BrowserStack(stack, a, b, browser, overrides);
  }

  /** A person: their own browser context (storage, cookies) on one side's web server. */
  async person(
    side: Side,
    options: {
      dark?: boolean;
      phone?: boolean /** Lets a test inject a script (axe-core) past the CSP. */;
      bypassCSP?: boolean;
      /** The browser's locale and time zone (its own, else): what the app's dates and times follow. */
      locale?: string;
      timezoneId?: string;
    } = {},
  ): Promise<Person> {
    const context = await this.browser.newContext({
      baseURL: side.web.url,
      bypassCSP: options.bypassCSP ?? false,
      viewport: options.phone ? { width: 390, height: 780 } : { width: 1200, height: 760 },
      colorScheme: options.dark ? "dark" : "light",
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
      ...(options.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    return { context, page, problems };
  }

  /** A GraphQL client signed in as the admin (who may moderate), on replica A. */
  async admin(): Promise<TestApi["client"]> {
    const login = await this.a.api.client.ok(LOGIN, { input: TEST_ADMIN });
    return this.a.api.client.as(login.login.token);
  }

  /** Stops a side's API replica (its sockets close with 1001) until `restartApi`. */
  async stopApi(side: Side): Promise<void> {
    await this.stack.stopApi(side.api);
  }

  /** Starts a new replica on the port the stopped one had, like a restarted container. */
  async restartApi(side: Side): Promise<void> {
    const app = buildApp(this.stack.env(this.overrides));
    await app.start(side.port, "127.0.0.1");
    this.restarted.push(app);
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await Promise.allSettled([this.a.web.close(), this.b.web.close(), ...this.restarted.map((app) => app.stop())]);
    await this.stack.close();
  }
}

export type Person = { context: BrowserContext; page: Page; problems: string[] };
