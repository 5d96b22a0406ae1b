// `npm run build [-- --outDir DIR]`: compiles src/, workflows/ and activities/ to JavaScript (default
// dist/) and copies the files the compiled code reads beside itself at runtime: the SQL migrations
// (src/db/migrate.ts reads __dirname/migrations) and the dashboard (src/http/app.ts serves
// __dirname/../../web). The Dockerfile and test/build run exactly this.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--outDir');
if (args.length && (at !== 0 || args.length !== 2)) fail(`Unexpected arguments "${args.join(' ')}". Usage: npm run build [-- --outDir DIR]`);
const outDir = path.resolve(root, at === 0 ? args[1] : 'dist');

// The output is removed first so a deleted source file (above all a migration) cannot live on in it;
// that must never be the project itself.
if (root === outDir || !path.relative(outDir, root).startsWith('..')) fail(`--outDir ${outDir} is the project or contains it; choose a directory of its own, e.g. dist.`);
fs.rmSync(outDir, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', outDir], { stdio: 'inherit' });
if (compiled.status !== 0) fail('tsc failed (errors above); fix them and build again.');

const copies = [
  ['src/db/migrations', 'src/db/migrations'],
  ['web', 'web'],
];
for (const [from, to] of copies) fs.cpSync(path.join(root, from), path.join(outDir, to), { recursive: true });
process.stdout.write(`Built ${outDir}: start it with node ${path.join(outDir, 'src/cli.js')} server|worker\n`);

function fail(message) {
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}
