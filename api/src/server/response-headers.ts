import type { IncomingMessage, ServerResponse } from "node:http";
import type { Env } from "../env.ts";
import { isBoardPath } from "../queue-board/access.ts";

/**
 * CORS and security headers for every HTTP answer of the API (GraphQL, probes,
 * GraphiQL, errors, 404s), set before anything else writes the response.
 * Yoga's CORS plugin is off: for an Origin outside a list of several it answers
 * `Access-Control-Allow-Origin: null`, which the `Origin: null` of sandboxed
 * iframes, `data:` and `file:` pages matches. Here a foreign origin (the literal
 * `null` included) gets no Access-Control-Allow-* header at all.
 */
export function setResponseHeaders(req: IncomingMessage, res: ServerResponse, env: Env): void {
  for (const [name, value] of Object.entries(securityHeaders(req, env))) res.setHeader(name, value);
  // The answer depends on the Origin even when it carries no CORS header: caches must keep them apart.
  res.setHeader("vary", "Origin");
  const origin = req.headers.origin;
  if (origin === undefined || !env.ALLOWED_ORIGINS.includes(origin)) return;
  res.setHeader("access-control-allow-origin", origin);
  // Sessions travel as bearer tokens; no Allow-Credentials, so the queue board's cookie never rides a CORS request.
  res.setHeader("access-control-expose-headers", "x-request-id");
}

/** A CORS preflight: an OPTIONS request that names the method it will use. */
export function isPreflight(req: IncomingMessage): boolean {
  return req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined;
}

/**
 * Answers a preflight: 204 with the allowed methods and headers for an allowed
 * origin; for a foreign one 204 too, but with nothing that allows anything, so
 * the browser refuses the request that was to follow.
 */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, env: Env): void {
  const origin = req.headers.origin;
  if (origin !== undefined && env.ALLOWED_ORIGINS.includes(origin)) {
    res.setHeader("access-control-allow-methods", "GET, POST");
    res.setHeader("access-control-allow-headers", "authorization, content-type, x-request-id");
    res.setHeader("access-control-max-age", "600");
  }
  res.writeHead(204);
  res.end();
}

/** Everything the API answers is data for its own clients: no page may frame it, sniff it or embed it. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * GraphiQL (outside production only) runs inline scripts and loads its bundle,
 * styles and workers from unpkg.com, which a strict policy would block; it keeps
 * what matters for a page of the API: no framing, no <base>, no plugins.
 */
const GRAPHIQL_CSP = "frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/**
 * The queue board (/admin/queues, admins only) is a page of its own files: scripts, styles, icons
 * and its JSON API from this origin only. Its markup carries inline style attributes and a <style>
 * (hence 'unsafe-inline' for styles, never for scripts) and a <base href> of its own path.
 */
const BOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

function contentSecurityPolicy(req: IncomingMessage, env: Env): string {
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  if (isBoardPath(path)) return BOARD_CSP;
  const graphiql = !env.isProduction && req.method === "GET" && (req.headers.accept ?? "").includes("text/html");
  return graphiql ? GRAPHIQL_CSP : API_CSP;
}

function securityHeaders(req: IncomingMessage, env: Env): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "content-security-policy": contentSecurityPolicy(req, env),
    // No page of the API links anywhere worth telling where the visitor came from.
    "referrer-policy": "no-referrer",
    // Browsers read the API cross-origin through CORS only (which this does not restrict); no <script>
    // or <img> of another page may embed it.
    "cross-origin-resource-policy": "same-origin",
    ...(env.HSTS_MAX_AGE > 0 ? { "strict-transport-security": `max-age=${env.HSTS_MAX_AGE}` } : {}),
  };
}
