# One image for both roles: `server` (HTTP, webhooks, dashboard, socket.io) and `worker` (Temporal
# workflows and activities). test/build/compiled-build.test.ts runs this file's build command, its
# ENTRYPOINT with either role and its HEALTHCHECK against the result, so keep those three in step with it.

# Build: the full dependency tree (TypeScript), then `npm run build` into dist/ with the SQL migrations
# and the dashboard copied beside the compiled code that reads them.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# onnxruntime-node would fetch CUDA libraries from nuget.org; the sentence model runs on its CPU build.
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY web ./web
RUN npm run build

# Run: production dependencies only and the compiled output; no sources, no compiler in the path.
FROM node:20-bookworm-slim
ENV NODE_ENV=production ONNXRUNTIME_NODE_INSTALL=skip
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
# The offline sentence model goes into the image, so a worker without OPENAI_API_KEY starts without a download.
ENV TRIAGEFLOW_CACHE_DIR=/app/cache
RUN node dist/src/cli.js fetch-model
# DATA_DIR is only written without DATABASE_URL (the embedded database, for a one-container trial);
# it must belong to the unprivileged user the process runs as. Mount a volume there to keep that data.
RUN mkdir /data && chown node:node /data
ENV DATA_DIR=/data
USER node
EXPOSE 3000
# The server is healthy when /healthz answers 200, i.e. deliveries can be committed to the database
# (a Temporal outage only grows the inbox and is not a reason to restart it). The check assumes the
# default HOST (0.0.0.0), so loopback reaches it. The worker serves no HTTP, so this check cannot speak
# for it: docker-compose.yml disables it for the worker, whose liveness is its process (restart policy).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["server"]
