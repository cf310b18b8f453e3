# syntax=docker/dockerfile:1

# One recipe for the whole workspace; pick an image with --target:
#   api, migrate, worker  (Node, which runs the TypeScript sources itself)
#   web                   (nginx serving web/dist; web-build makes that dist)
# Without --target the last stage, api, is built.

############################ shared Node base ############################
FROM node:24-bookworm-slim AS base
# Corepack is bundled with Node 24 (it is not with 25+). COREPACK_HOME lives
# outside /root so the unprivileged `node` user finds the pnpm prepared here
# and never tries to download one at run time.
ENV COREPACK_HOME=/usr/local/share/corepack \
    COREPACK_ENABLE_DOWNLOAD_PROMPT=0 \
    npm_config_update_notifier=false
RUN corepack enable pnpm \
 && corepack install --global pnpm@10.34.9 \
 && chmod -R a+rX "$COREPACK_HOME"
WORKDIR /app

############################ dependencies ################################
# Only what `pnpm install` reads, so this layer is rebuilt only when a
# manifest, the lockfile or the Prisma schema changes. The core postinstall
# (scripts/prisma-generate.mjs) needs the schema and prisma.config.ts.
FROM base AS deps
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY core/package.json core/prisma.config.ts core/
COPY core/prisma core/prisma
COPY core/scripts core/scripts
COPY api/package.json api/
COPY worker/package.json worker/
COPY test/package.json test/
# web/ has no package.json yet. BuildKit accepts a wildcard that matches
# nothing, so this line is a no-op today and copies the manifest once it exists.
COPY we[b]/package.json web/
RUN --mount=type=cache,id=chatmod-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir=/pnpm/store

############################ sources #####################################
# .dockerignore keeps node_modules and src/generated out, so the installed
# dependencies and the generated Prisma client from `deps` survive this copy.
FROM deps AS source
COPY . .
# Set only after the install: NODE_ENV=production would make pnpm skip the
# devDependencies (the Prisma CLI among them) that install steps read.
ENV NODE_ENV=production

############################ migrate #####################################
# A release step: applies prisma/migrations once, then exits.
FROM source AS migrate
USER node
CMD ["pnpm", "--filter", "@chatmod/core", "run", "db:migrate", "deploy"]

############################ worker ######################################
FROM source AS worker
USER node
# Node itself is PID 1 (not pnpm), so SIGTERM reaches the process that drains.
WORKDIR /app/worker
CMD ["node", "src/main.ts"]

############################ web #########################################
FROM source AS web-build
RUN pnpm --filter @chatmod/web build

FROM nginx:1.27-alpine AS web
RUN rm -rf /usr/share/nginx/html/*
# Replaces the image's default server (the conf.d files are included in http {}).
COPY deploy/nginx/web.conf /etc/nginx/conf.d/default.conf
# Included by web.conf's locations; outside conf.d, which nginx would include in http {} itself.
COPY deploy/nginx/security-headers.conf /etc/nginx/chatmod/security-headers.conf
COPY --from=web-build /app/web/dist /usr/share/nginx/html
EXPOSE 80
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD wget -q -O /dev/null http://127.0.0.1/ || exit 1

############################ api (default) ###############################
FROM source AS api
USER node
EXPOSE 4000
# Liveness only (/ready also checks Postgres and Redis).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself is PID 1 (not pnpm), so SIGTERM reaches the process that drains.
WORKDIR /app/api
# Heap flags: see api/src/server/heap.ts (API_NODE_FLAGS).
CMD ["node", "--max-semi-space-size=32", "src/main.ts"]
