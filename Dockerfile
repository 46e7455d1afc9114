# Aula Somos Tesoro in a container (docs/deploy.md → Docker).
#   docker build -t aula .                      (--build-arg AULA_AUDIO=0: no recorded audio)
#   docker run -d --name aula --restart always -p 127.0.0.1:3000:3000 -v aula-data:/data \
#     -e PUBLIC_BASE_URL=https://aula.example.org -e TRUST_PROXY=uniquelocal aula
ARG NODE_VERSION=20

# ---- build: dependencies, content, audio, the Remix app; then only production dependencies ----
FROM node:${NODE_VERSION}-bookworm-slim AS build
ARG AULA_AUDIO=1
# python3, make, g++: better-sqlite3 compiles SQLite when its prebuilt binary cannot be downloaded.
# espeak-ng, ffmpeg: the recorded audio of the lessons (npm run build:audio).
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates python3 make g++ \
  && if [ "$AULA_AUDIO" != "0" ]; then apt-get install -y --no-install-recommends espeak-ng ffmpeg; fi \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN AULA_AUDIO=$AULA_AUDIO npm run build
# The build stage also serves one-off commands that need the sources (npm run create-admin).
RUN mkdir -p /data && chown node:node /data
ENV DATABASE_PATH=/data/aula.db BACKUP_DIR=/data/copias
# What the runtime stage copies: production dependencies only.
RUN cp -a node_modules /tmp/dev_node_modules && npm prune --omit=dev --no-audit --no-fund \
  && mv node_modules /tmp/prod_node_modules && mv /tmp/dev_node_modules node_modules

# ---- runtime: the built app, production dependencies, non-root, the database in /data ----
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_PATH=/data/aula.db \
    BACKUP_DIR=/data/copias
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /tmp/prod_node_modules ./node_modules
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
