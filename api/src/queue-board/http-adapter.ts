import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import type {
  AppControllerRoute,
  AppViewRoute,
  BullBoardQueues,
  ControllerHandlerReturnType,
  IServerAdapter,
  UIConfig,
} from "@bull-board/api/typings/app";
import ejs from "ejs";

/** Why a matched board API route may not run here, or null when it may. */
export type RoutePolicy = (method: string, route: string, params: Record<string, string>) => string | null;

/** A board request as the adapter sees it: the path below the board's base, the parsed JSON body. */
export type BoardRequest = { method: string; path: string; query: URLSearchParams; body: unknown };

type ApiRoute = { method: string; route: string; pattern: URLPattern; handler: AppControllerRoute["handler"] };

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * bull-board on the API's own node:http server: its API routes, its page and its static files
 * answered straight from the request, with no web framework in between (the official adapters
 * bring one: Express, Hono, Fastify...). Who may ask is decided before this (board.ts); which
 * state-changing routes run, by `policy`.
 */
export class NodeHttpAdapter implements IServerAdapter {
  private queues: BullBoardQueues | null = null;
  private viewPath = "";
  private staticRoute = "/static";
  private staticPath = "";
  private entryRoute: AppViewRoute | null = null;
  private entryPatterns: URLPattern[] = [];
  private errorHandler: ((error: Error) => ControllerHandlerReturnType) | null = null;
  private readonly apiRoutes: ApiRoute[] = [];
  private uiConfig: UIConfig = {};

  /** Where the board is mounted, e.g. "/admin/queues" (no trailing slash). */
  private readonly basePath: string;
  private readonly policy: RoutePolicy;

  constructor(basePath: string, policy: RoutePolicy) {
    this.basePath = basePath;
    this.policy = policy;
  }

  setQueues(queues: BullBoardQueues): this {
    this.queues = queues;
    return this;
  }

  setViewsPath(viewPath: string): this {
    this.viewPath = viewPath;
    return this;
  }

  setStaticPath(staticRoute: string, staticPath: string): this {
    this.staticRoute = staticRoute;
    this.staticPath = resolve(staticPath);
    return this;
  }

  setEntryRoute(route: AppViewRoute): this {
    this.entryRoute = route;
    this.entryPatterns = [route.route].flat().map((pathname) => new URLPattern({ pathname }));
    return this;
  }

  setErrorHandler(handler: (error: Error) => ControllerHandlerReturnType): this {
    this.errorHandler = handler;
    return this;
  }

  setApiRoutes(routes: AppControllerRoute[]): this {
    for (const { method, route, handler } of routes)
      for (const each of [method].flat())
        for (const path of [route].flat())
          this.apiRoutes.push({
            method: each.toUpperCase(),
            route: path,
            pattern: new URLPattern({ pathname: path }),
            handler,
          });
    return this;
  }

  setUIConfig(config: UIConfig): this {
    this.uiConfig = config;
    return this;
  }

  /** Answers a request below the base path; false when nothing of the board is there. */
  async handle(request: BoardRequest, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const { method, path } = request;
    if (path.startsWith(`${this.staticRoute}/`)) return method === "GET" && this.serveStatic(path, res);
    for (const route of this.apiRoutes) {
      const match = route.pattern.exec({ pathname: path });
      if (!match) continue;
      if (route.method !== method) continue;
      const params = Object.fromEntries(
        Object.entries(match.pathname.groups).map(([name, value]) => [name, decodeURIComponent(value ?? "")]),
      );
      const refusal = this.policy(method, route.route, params);
      if (refusal) {
        sendJson(res, 403, { errors: [{ message: refusal, extensions: { code: "FORBIDDEN" } }] });
        return true;
      }
      await this.runApiRoute(route, params, request, req, res);
      return true;
    }
    if (method === "GET" && this.entryPatterns.some((pattern) => pattern.test({ pathname: path }))) {
      await this.serveEntry(res);
      return true;
    }
    return false;
  }

  private async runApiRoute(
    route: ApiRoute,
    params: Record<string, string>,
    request: BoardRequest,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(", ") : value]),
    );
    let answer: ControllerHandlerReturnType;
    try {
      answer = await route.handler({
        queues: this.requireQueues(),
        uiConfig: this.uiConfig,
        params,
        query: Object.fromEntries(request.query),
        body: (request.body ?? {}) as Record<string, unknown>,
        headers,
      });
    } catch (error) {
      if (!this.errorHandler || !(error instanceof Error)) throw error;
      answer = this.errorHandler(error);
    }
    const status = answer.status ?? 200;
    if (status === 204) {
      res.writeHead(204, { "cache-control": "no-store" });
      res.end();
    } else sendJson(res, status, answer.body);
  }

  private async serveEntry(res: ServerResponse): Promise<void> {
    const entry = this.entryRoute;
    if (!entry) throw new Error("The board has no entry route: createBullBoard was not called.");
    const { name, params } = entry.handler({ basePath: `${this.basePath}/`, uiConfig: this.uiConfig });
    const html = (await ejs.renderFile(join(this.viewPath, name), params))
      // The page asks Google Fonts for its typeface: no third party learns who opens the board (and the
      // CSP would refuse it anyway); the system font stands in.
      .replace(/<link[^>]*fonts\.googleapis\.com[^>]*>/g, "");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(html);
  }

  private async serveStatic(path: string, res: ServerResponse): Promise<boolean> {
    let file: string;
    try {
      file = resolve(this.staticPath, `.${decodeURIComponent(path.slice(this.staticRoute.length))}`);
    } catch {
      return false;
    }
    if (!file.startsWith(this.staticPath + sep)) return false;
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return false;
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": info.size,
      // Bundles carry a content hash in their names; the rest (locales, icons) is revalidated.
      "cache-control": /\.[0-9a-f]{10}\.(js|css)$/.test(file)
        ? "private, max-age=31536000, immutable"
        : "private, no-cache",
    });
    createReadStream(file).pipe(res);
    return true;
  }

  private requireQueues(): BullBoardQueues {
    if (!this.queues) throw new Error("The board has no queues: createBullBoard was not called.");
    return this.queues;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}
