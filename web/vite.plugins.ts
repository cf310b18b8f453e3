import vue from "@vitejs/plugin-vue";
import type { PluginOption } from "vite";

/**
 * The Vite plugins the app's code needs (single-file components), for the
 * build, the dev server and every Vitest config that runs web/src tests,
 * including the root one (which imports this file, so it need not depend on
 * @vitejs/plugin-vue itself).
 */
export function webPlugins(): PluginOption[] {
  return [vue()];
}
