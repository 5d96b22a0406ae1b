import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { testEnv } from '../support/stack';

// `npm run dev` as a person runs it: in a terminal (a pseudo-terminal from util-linux's `script`),
// with the secrets set in the environment. It must print neither, and its logs must be short pretty
// lines, without webpack's bundle report.

const ROOT = path.join(__dirname, '..', '..');
// ESC [ n;n m: a terminal colour code.
const ANSI = new RegExp(String.raw`\x1b\[[\d;]*m`, 'g');

function startDevOnTerminal(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const command = `${process.execPath} --import tsx ${path.join(ROOT, 'src', 'cli.ts')} dev`;
  // detached: its own process group, so the test stops `script` and the dev process under it together.
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (c: Buffer) => (text += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (text += c.toString('utf8')));
  return { child, output: () => text };
}

async function waitFor(output: () => string, pattern: RegExp, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(output())) {
    if (Date.now() > deadline) throw new Error(`dev did not print ${pattern} within ${timeoutMs} ms; it printed:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('dev on a terminal: pretty coloured log lines, no webpack report, and no secret from the environment', async () => {
  const env = testEnv({ LOG_LEVEL: 'info', TERM: 'xterm-256color' });
  const { child, output } = startDevOnTerminal(env);
  try {
    await waitFor(output, /Triageflow is running\./, 150_000);
    await waitFor(output, /worker started/, 30_000);
    const text = output();
    expect(text).not.toContain(env.GITHUB_WEBHOOK_SECRET!);
    expect(text).not.toContain(env.DASHBOARD_TOKEN!);
    expect(text).toMatch(/Webhook secret {2}\(from the environment\)/);
    expect(text).toMatch(/Dashboard token \(from the environment\)/);
    expect(text).toMatch(new RegExp(ANSI.source));
    const logLines = text.replace(ANSI, '').split(/\r?\n/).filter((l) => /^\[\d\d:\d\d:\d\d\] [A-Z]+:/.test(l));
    expect(logLines.length).toBeGreaterThan(2);
    expect(logLines.some((l) => /INFO: .*worker started/.test(l))).toBe(true);
    expect(text).not.toMatch(/\{"level":/);
    expect(text).not.toMatch(/webpack \d+\.\d+\.\d+ compiled/);
  } finally {
    process.kill(-child.pid!, 'SIGINT');
    await new Promise((resolve) => {
      const kill = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
      child.once('exit', () => resolve(clearTimeout(kill)));
    });
  }
}, 240_000);
