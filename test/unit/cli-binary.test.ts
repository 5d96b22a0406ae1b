import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveTemporalCli, temporalCacheDir, TEMPORAL_CLI_VERSION } from '../../src/temporal/cli-binary';

const emptyDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));

test('without a binary and without Go it says every way out', async () => {
  const env = { PATH: emptyDir(), TRIAGEFLOW_CACHE_DIR: emptyDir() };
  await expect(resolveTemporalCli({ env })).rejects.toThrow(/Go is not installed.*TEMPORAL_CLI.*TEMPORAL_ADDRESS/s);
});

test('a TEMPORAL_CLI that does not exist is named', async () => {
  await expect(resolveTemporalCli({ cliPath: '/nope/temporal' })).rejects.toThrow(/TEMPORAL_CLI points to \/nope\/temporal/);
});

test('a binary on PATH wins, then the cached build', async () => {
  const bin = emptyDir();
  const cache = emptyDir();
  const env = { PATH: bin, TRIAGEFLOW_CACHE_DIR: cache };
  const cached = path.join(temporalCacheDir(env), 'temporal');
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  fs.writeFileSync(cached, '#!/bin/sh\n', { mode: 0o755 });
  expect(await resolveTemporalCli({ env })).toBe(cached);
  expect(cached).toContain(TEMPORAL_CLI_VERSION);
  fs.writeFileSync(path.join(bin, 'temporal'), '#!/bin/sh\n', { mode: 0o755 });
  expect(await resolveTemporalCli({ env })).toBe(path.join(bin, 'temporal'));
});
