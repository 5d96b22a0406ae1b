import fs from 'node:fs';
import path from 'node:path';

// The import graph of the product's code, drawn with folders as rooms: which room imports which, which
// arrows run back up the floors, and whether any files import each other in a circle. The floors are
// the README's (*Architecture*); test/build/import-graph.test.ts holds the code to them.
//
//   npx tsx scripts/import-graph.ts          rooms, arrows, the arrows up and the cycles
//   npx tsx scripts/import-graph.ts --dot    the same as a Graphviz drawing

/** Rooms from the ground up; a room may import only rooms listed before it. */
export const FLOORS: readonly { floor: string; rooms: readonly string[] }[] = [
  { floor: 'ground', rooms: ['src/support', 'src/log', 'src/config'] },
  { floor: 'domain', rooms: ['src/domain'] },
  { floor: 'capabilities', rooms: ['src/db', 'src/temporal', 'src/ai', 'src/search', 'src/issues', 'src/realtime', 'src/inbox', 'src/github', 'src/sweep', 'src/assistant', 'src/notifications', 'src/metrics', 'src/duplicates'] },
  { floor: 'orchestration', rooms: ['workflows', 'activities'] },
  { floor: 'edges', rooms: ['src/http', 'src/runtime', 'src/commands', 'src/cli'] },
];

const SOURCE_DIRS = ['src', 'workflows', 'activities'];
const SPECIFIER = /(?:^|[;\s])(import|export)\s+(type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?['"](\.{1,2}\/[^'"]*)['"]|import\(\s*['"](\.{1,2}\/[^'"]*)['"]\s*\)/g;

export interface FileImport {
  from: string;
  to: string;
  typeOnly: boolean;
}

export interface RoomArrow {
  from: string;
  to: string;
  imports: FileImport[];
  /** Every import behind the arrow is `import type`: nothing of it exists at run time. */
  typeOnly: boolean;
}

export function roomOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] !== 'src') return parts[0]!;
  return parts.length === 2 ? `src/${parts[1]!.replace(/\.ts$/, '')}` : `src/${parts[1]}`;
}

const rank = new Map(FLOORS.flatMap((f) => f.rooms).map((room, i) => [room, i]));

function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts')) out.push(rel);
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return out.sort();
}

function resolve(root: string, importer: string, spec: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(importer), spec));
  return [`${base}.ts`, `${base}/index.ts`].find((c) => fs.existsSync(path.join(root, c)));
}

export function fileImports(root: string): FileImport[] {
  const imports: FileImport[] = [];
  for (const file of sourceFiles(root)) {
    // Comments may quote import lines; only code counts.
    const code = fs.readFileSync(path.join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    for (const m of code.matchAll(SPECIFIER)) {
      const to = resolve(root, file, m[3] ?? m[4]!);
      if (to) imports.push({ from: file, to, typeOnly: Boolean(m[2]) });
    }
  }
  return imports;
}

export function roomArrows(imports: FileImport[]): RoomArrow[] {
  const arrows = new Map<string, RoomArrow>();
  for (const i of imports) {
    const from = roomOf(i.from);
    const to = roomOf(i.to);
    if (from === to) continue;
    const key = `${from} ${to}`;
    const arrow = arrows.get(key) ?? { from, to, imports: [], typeOnly: true };
    arrow.imports.push(i);
    arrow.typeOnly &&= i.typeOnly;
    arrows.set(key, arrow);
  }
  return [...arrows.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/** Arrows from a room to one on a higher floor, or later on its own. */
export function upwardArrows(arrows: RoomArrow[]): RoomArrow[] {
  return arrows.filter((a) => (rank.get(a.to) ?? Infinity) > (rank.get(a.from) ?? -Infinity));
}

export function unplacedRooms(arrows: RoomArrow[]): string[] {
  return [...new Set(arrows.flatMap((a) => [a.from, a.to]))].filter((r) => !rank.has(r)).sort();
}

/** Groups of files that import each other in a circle (Tarjan's strongly connected components). */
export function importCycles(imports: FileImport[]): string[][] {
  const next = new Map<string, string[]>();
  for (const i of imports) next.set(i.from, [...(next.get(i.from) ?? []), i.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w);
      group.push(w);
      if (w === v) break;
    }
    if (group.length > 1) cycles.push(group.sort());
  };
  for (const v of new Set(imports.flatMap((i) => [i.from, i.to]))) if (!index.has(v)) visit(v);
  return cycles;
}

function dot(arrows: RoomArrow[]): string {
  const up = new Set(upwardArrows(arrows));
  const floors = FLOORS.map((f, i) => `  subgraph cluster_${i} { label="${f.floor}"; ${f.rooms.map((r) => `"${r}"`).join('; ')} }`);
  const edges = arrows.map((a) => `  "${a.from}" -> "${a.to}" [label=${a.imports.length}${a.typeOnly ? ', style=dashed' : ''}${up.has(a) ? ', color=red' : ''}];`);
  return ['digraph imports {', '  rankdir=BT; node [shape=box];', ...floors, ...edges, '}'].join('\n');
}

function main(): void {
  const root = path.join(__dirname, '..');
  const imports = fileImports(root);
  const arrows = roomArrows(imports);
  if (process.argv.includes('--dot')) return void process.stdout.write(`${dot(arrows)}\n`);
  const show = (a: RoomArrow) => `  ${a.from} -> ${a.to} (${a.imports.length}${a.typeOnly ? ', type-only' : ''})`;
  const up = upwardArrows(arrows);
  const cycles = importCycles(imports);
  process.stdout.write([
    `${arrows.length} arrows between ${new Set(arrows.flatMap((a) => [a.from, a.to])).size} rooms:`, ...arrows.map(show),
    `${up.length} run back up:`, ...up.map(show),
    `${cycles.length} import cycles${cycles.length ? ':' : ''}`, ...cycles.map((c) => `  ${c.join(' -> ')}`),
    ...unplacedRooms(arrows).map((r) => `room ${r} is on no floor: add it to FLOORS in scripts/import-graph.ts`),
  ].join('\n') + '\n');
}

if (require.main === module) main();
