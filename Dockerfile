# One image for both roles: `server` (HTTP, webhooks, dashboard) and `worker` (Temporal workflows).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY web ./web
COPY tsconfig.json ./
ENV NODE_ENV=production
USER node
ENTRYPOINT ["node_modules/.bin/tsx", "src/cli.ts"]
CMD ["server"]
