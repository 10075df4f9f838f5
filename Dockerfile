# syntax=docker/dockerfile:1

# Build: every dependency, then lint and compile src/ to dist/. tsc type-checks src/ as it
# compiles, so a type error or a lint error fails the image build. (Tests and benchmarks stay out
# of the image's context; CI lints and type-checks them. There is no .git here, hence --vcs-enabled.)
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json biome.json ./
COPY scripts ./scripts
COPY src ./src
RUN npx biome ci --vcs-enabled=false --error-on-warnings src scripts && npm run build

# Production dependencies only: no TypeScript, tsx or esbuild in the image.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false
COPY --from=deps /app/node_modules ./node_modules
COPY package*.json ./
COPY scripts ./scripts
COPY --from=build /app/dist ./dist
COPY drizzle ./drizzle
# Without DATABASE_URL the bot keeps an embedded PGlite database in DATA_DIR (default ./data):
# make it writable by the unprivileged user (mount a volume there to keep it).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# What `npm start` runs, without npm in between: SIGTERM reaches the bot itself, which then
# finishes in-flight work before exiting. `npm run migrate` and `npm run digest` work in the image
# (with no src/ there, they run dist/ as it is and never try to build).
CMD ["node", "--enable-source-maps", "dist/main.js"]
