# syntax=docker/dockerfile:1

# Production dependencies only: tsx is a runtime dependency, so `npm start` (tsx src/main.ts)
# runs the TypeScript sources directly with no build step and no dev dependencies.
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
CMD ["npm", "start"]
