# Aula Somos Tesoro in a container (docs/deploy.md → Docker).
#   docker build -t aula .                      (--build-arg AULA_AUDIO=0: no recorded audio)
#   docker run -d --name aula --restart always -p 127.0.0.1:3000:3000 -v aula-data:/data \
#     -e PUBLIC_BASE_URL=https://aula.example.org -e TRUST_PROXY=uniquelocal aula
ARG NODE_VERSION=20

# ---- tools: compilers for better-sqlite3 (used only when its prebuilt binary cannot be downloaded)
FROM node:${NODE_VERSION}-bookworm-slim AS tools
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# ---- production dependencies only, for the runtime image
FROM tools AS production-dependencies
COPY package.json package-lock.json ./
# patch-package (a runtime dependency) applies patches/ on install: ADR 018
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund

# ---- build: every dependency, the content, the recorded audio, the Remix app
FROM tools AS build
ARG AULA_AUDIO=1
RUN if [ "$AULA_AUDIO" != "0" ]; then \
      apt-get update && apt-get install -y --no-install-recommends espeak-ng ffmpeg && rm -rf /var/lib/apt/lists/*; \
    fi
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY . .
RUN AULA_AUDIO=$AULA_AUDIO npm run build
# This stage also runs the one-off commands that need the sources, e.g. npm run create-admin
# (docs/deploy.md), as the node user on the same /data volume.
RUN mkdir -p /data && chown node:node /data
ENV DATABASE_PATH=/data/aula.db BACKUP_DIR=/data/copias

# ---- runtime: the built app and production dependencies, non-root, the database in /data
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_PATH=/data/aula.db \
    BACKUP_DIR=/data/copias
WORKDIR /app
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/build ./build
COPY --from=build /app/public ./public
COPY --from=build /app/server ./server
COPY --from=build /app/drizzle ./drizzle
COPY --from=build /app/scripts/backup.js /app/scripts/restore.js ./scripts/
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# /healthz: 200 once the database answers, 503 otherwise.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop): stop accepting, finish requests in flight, close the database, exit 0.
STOPSIGNAL SIGTERM
CMD ["node", "--max-old-space-size=256", "server/index.js"]
