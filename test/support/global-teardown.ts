import fs from 'node:fs';
import type { DevServer } from '../../src/temporal/dev-server';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __triageflowTemporal?: DevServer }).__triageflowTemporal?.stop();
  const dir = process.env.TRIAGEFLOW_TEST_DIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
