import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { table } from "./stats.ts";

/**
 * Summarises a V8 .cpuprofile: where the samples landed (self time) by function
 * and by package, and the inclusive time of functions (each sample counted once
 * per function on its stack). Also runnable alone:
 *   node test/bench/profile.ts path/to/file.cpuprofile [file.heapprofile sockets]
 */
type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const PSEUDO = new Set(["(root)", "(program)", "(idle)", "(garbage collector)"]);

function where(frame: CallFrame): string {
  const url = frame.url.replace(/^file:\/\//, "");
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (pnpm) return `${pnpm[1]}/${pnpm[2]}`;
  const ours = /\/work\/main\/(.*)$/.exec(url);
  if (ours) return ours[1]!;
  return url || "(native)";
}

function packageOf(frame: CallFrame): string {
  if (PSEUDO.has(frame.functionName)) return frame.functionName;
  const url = frame.url.replace(/^file:\/\//, "");
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pnpm) return pnpm[1]!;
  if (url.startsWith("node:")) return "node: (core)";
  if (/\/api\/src\//.test(url)) return "api/src (ours)";
  if (url === "") return "(native / builtins)";
  return url;
}

const label = (frame: CallFrame) =>
  PSEUDO.has(frame.functionName)
    ? frame.functionName
    : `${frame.functionName || "(anonymous)"} ${where(frame)}:${frame.lineNumber + 1}`;

export function summarizeProfile(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const leaf = byId.get(id)!;
    const onStack = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const frame = byId.get(node)!.callFrame;
      // The bench's own control channel (e.g. stopping this very profile) is not the server's work.
      if (/\/test\/bench\/(systems\/control|ipc)\.ts/.test(frame.url)) return;
      if (!PSEUDO.has(frame.functionName)) onStack.add(label(frame));
    }
    total += micros;
    if (leaf.callFrame.functionName === "(idle)") {
      idle += micros;
      return;
    }
    self.set(label(leaf.callFrame), (self.get(label(leaf.callFrame)) ?? 0) + micros);
    packages.set(packageOf(leaf.callFrame), (packages.get(packageOf(leaf.callFrame)) ?? 0) + micros);
    for (const key of onStack) inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
  });

  const busy = total - idle;
  const rows = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, micros]) => [
        name.slice(0, 110),
        `${((100 * micros) / busy).toFixed(1)}%`,
        (micros / 1000).toFixed(0),
      ]);
  return [
    `profile ${file}: ${(total / 1e6).toFixed(1)} s sampled, ${((100 * busy) / total).toFixed(0)}% busy (percentages below are of busy time)`,
    "",
    table(["self time by package", "busy", "ms"], rows(packages, 14)),
    "",
    table(["self time by function", "busy", "ms"], rows(self, top)),
    "",
    table(["inclusive time by function", "busy", "ms"], rows(inclusive, top + 10)),
  ].join("\n");
}

type HeapNode = { callFrame: CallFrame; selfSize: number; children: HeapNode[] };

/**
 * Summarises a sampling heap profile (.heapprofile): the memory still allocated
 * when sampling stopped, by allocating function and package, per `unit` (e.g. per socket).
 */
export function summarizeHeapProfile(file: string, units: number, unitName: string, top = 15): string {
  const { head } = JSON.parse(readFileSync(file, "utf8")) as { head: HeapNode };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode, stack: string[]) => {
    const key = label(node.callFrame);
    const here = PSEUDO.has(node.callFrame.functionName) ? stack : [...stack, key];
    if (node.selfSize > 0) {
      total += node.selfSize;
      self.set(key, (self.get(key) ?? 0) + node.selfSize);
      const pkg = packageOf(node.callFrame);
      packages.set(pkg, (packages.get(pkg) ?? 0) + node.selfSize);
      for (const frame of new Set(here)) inclusive.set(frame, (inclusive.get(frame) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, here);
  };
  walk(head, []);
  const rows = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, bytes]) => [
        name.slice(0, 110),
        `${((100 * bytes) / total).toFixed(1)}%`,
        (bytes / units).toFixed(0),
      ]);
  const per = `bytes/${unitName}`;
  return [
    `heap profile ${file}: ${(total / 1024 / 1024).toFixed(1)} MB sampled as live = ${(total / units / 1024).toFixed(1)} KB per ${unitName}`,
    "",
    table(["live heap by package (allocation site)", "share", per], rows(packages, 12)),
    "",
    table(["live heap by allocating function", "share", per], rows(self, top)),
    "",
    table(["live heap by function on the allocating stack", "share", per], rows(inclusive, top + 10)),
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, units] = process.argv.slice(2);
  if (file?.endsWith(".heapprofile")) console.log(summarizeHeapProfile(file, Number(units ?? 1), "unit"));
  else if (file) console.log(summarizeProfile(file));
}
