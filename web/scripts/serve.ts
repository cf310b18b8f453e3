// Serves the built app (web/dist) and proxies /graphql, HTTP and WebSocket, and the
// admins' queue board (/admin/queues) to the API, so the browser talks to one origin.
// It is what `pnpm start` runs and what the browser tests start (one per API replica);
// nginx does the same job in the compose deployment.
//
//   WEB_PORT (5173)  WEB_HOST (127.0.0.1)  API_URL (http://127.0.0.1:$PORT, PORT being the API's, 4000)
//   (not PORT/HOST for this server: `pnpm start` at the root gives the API and it one environment)
//
// The API accepts WebSockets only from ALLOWED_ORIGINS; its default includes
// http://127.0.0.1:5173 and http://localhost:5173, hence the default port.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import type { Duplex } from "node:stream";

export type WebServer = {
  url: string;
  /** Cuts every proxied WebSocket, as a network drop would (the browser tests use it). */
  dropConnections(): void;
  close(): Promise<void>;
};

export type WebServerOptions = { root?: string; port?: number; host?: string; apiUrl: string };

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".map": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/** Where the app's security headers are defined, for nginx and for this server alike. */
const securityHeadersFile = resolve(import.meta.dirname, "../../deploy/nginx/security-headers.conf");

/**
 * The headers of nginx's `add_header Name "value" always;` lines. Those whose value is an nginx
 * variable (HSTS, sent only over https) are nginx's alone: this server speaks plain HTTP.
 */
export function readSecurityHeaders(file = securityHeadersFile): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [, name, value] of readFileSync(file, "utf8").matchAll(
    /^\s*add_header\s+([\w-]+)\s+"([^"]*)"\s+always;/gm,
  ))
    headers[(name as string).toLowerCase()] = value as string;
  if (!headers["content-security-policy"]) throw new Error(`${file} defines no Content-Security-Policy.`);
  return headers;
}

const SECURITY_HEADERS = readSecurityHeaders();

export const defaultRoot = resolve(import.meta.dirname, "../dist");

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const root = resolve(options.root ?? defaultRoot);
  if (!existsSync(join(root, "index.html")))
    throw new Error(`${root}/index.html is missing: run \`pnpm --filter @chatmod/web build\` first.`);
  const api = new URL(options.apiUrl);
  const tunnels = new Set<Duplex>();

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (path === "/graphql" || path === "/health" || path === "/ready" || isQueueBoard(path)) proxyHttp(req, res, api);
    else if (req.method !== "GET" && req.method !== "HEAD") send(res, 405, "Method Not Allowed");
    else serveFile(req, res, root, path);
  });

  server.on("upgrade", (req: IncomingMessage, client: Duplex, head: Buffer) => {
    if ((req.url ?? "").split("?")[0] !== "/graphql") {
      client.end("HTTP/1.1 404 Not Found\r\n\r\n");
      return;
    }
    const upstream = connect(Number(api.port || 80), api.hostname, () => {
      // The request as the browser sent it (Origin included: the API checks it), to the API's host.
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i] as string;
        lines.push(`${name}: ${name.toLowerCase() === "host" ? api.host : req.rawHeaders[i + 1]}`);
      }
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    track(tunnels, client, upstream);
  });

  await new Promise<void>((ready, fail) => {
    server.once("error", fail);
    server.listen(options.port ?? 5173, options.host ?? "127.0.0.1", ready);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    dropConnections: () => {
      for (const socket of tunnels) socket.destroy();
    },
    close: async () => {
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** The API's queue board for admins (its page, files and JSON API), proxied like /graphql. */
function isQueueBoard(path: string): boolean {
  return path === "/admin/queues" || path.startsWith("/admin/queues/");
}

/** Both ends of a tunnel go together; the set lets close() end them (upgraded sockets outlive server.close). */
function track(tunnels: Set<Duplex>, client: Duplex, upstream: Socket): void {
  tunnels.add(client);
  const end = () => {
    tunnels.delete(client);
    client.destroy();
    upstream.destroy();
  };
  for (const stream of [client, upstream]) {
    stream.on("error", end);
    stream.on("close", end);
  }
}

function proxyHttp(req: IncomingMessage, res: ServerResponse, api: URL): void {
  const upstream = request(
    {
      hostname: api.hostname,
      port: api.port || 80,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: api.host, "x-forwarded-for": req.socket.remoteAddress ?? "" },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(502, { "content-type": "application/json", ...SECURITY_HEADERS });
    res.end(JSON.stringify({ errors: [{ message: "The API is unreachable." }] }));
  });
  req.pipe(upstream);
}

/** The file for a URL path; null means "answered already" (an error status). */
function pickFile(res: ServerResponse, root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = normalize(join(root, decodeURIComponent(urlPath)));
  } catch {
    send(res, 400, "Bad Request");
    return null;
  }
  if (path !== root && !path.startsWith(root + sep)) {
    send(res, 403, "Forbidden");
    return null;
  }
  if (existsSync(path) && statSync(path).isFile()) return path;
  // Client-side routes (no file extension) are the app itself; a missing asset is a 404.
  if (!extname(urlPath)) return join(root, "index.html");
  send(res, 404, "Not Found");
  return null;
}

function serveFile(req: IncomingMessage, res: ServerResponse, root: string, urlPath: string): void {
  const target = pickFile(res, root, urlPath);
  if (!target) return;
  const hashed = target.startsWith(join(root, "assets") + sep);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    "content-type": TYPES[extname(target)] ?? "application/octet-stream",
    "content-length": statSync(target).size,
    // Vite's bundles have content hashes in their names; index.html must be revalidated.
    "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(target).pipe(res);
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...SECURITY_HEADERS });
  res.end(text);
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const apiUrl =
    process.env["API_URL"] || process.env["VITE_API_URL"] || `http://127.0.0.1:${process.env["PORT"] || 4000}`;
  try {
    const web = await startWebServer({
      apiUrl,
      port: Number(process.env["WEB_PORT"] || 5173),
      host: process.env["WEB_HOST"] || "127.0.0.1",
    });
    console.log(`chatmod web: ${web.url} (API: ${apiUrl})`);
    const stop = () => void web.close().then(() => process.exit(0));
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
