# syntax=docker/dockerfile:1

# Production dependencies only: tsx is a runtime dependency, so the bot runs its TypeScript
# sources directly (node --import tsx), with no build step and no dev dependencies.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false
COPY --from=deps /app/node_modules ./node_modules
COPY package*.json tsconfig.json ./
COPY src ./src
COPY drizzle ./drizzle
# Without DATABASE_URL the bot keeps an embedded PGlite database in DATA_DIR (default ./data):
# make it writable by the unprivileged user (mount a volume there to keep it).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# What `npm start` runs, without npm in between: SIGTERM reaches the bot itself, which then
# finishes in-flight work before exiting. `npm run migrate` and `npm run digest` work in the image.
CMD ["node", "--import", "tsx", "src/main.ts"]
