import { defineConfig, loadEnv } from "vite";
import { webPlugins } from "./vite.plugins.ts";

// `vite` (dev) and `vite preview` both proxy /graphql, HTTP and WebSocket, to the API, so the
// browser talks to one origin (http://localhost:5173 is in the API's ALLOWED_ORIGINS).
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), "VITE_");
  const target = env["VITE_API_URL"] || "http://127.0.0.1:4000";
  // The admins' queue board is served by the API too (its page, files and JSON API).
  const proxy = { "/graphql": { target, ws: true }, "^/admin/queues(/|$)": { target } };
  return {
    plugins: webPlugins(),
    server: { port: 5173, strictPort: true, proxy },
    preview: { port: 5173, strictPort: true, proxy },
    build: { outDir: "dist", sourcemap: true, target: "es2022" },
  };
});
