# QuantTrade daemon image. Embedded PostgreSQL in /data by default; set DATABASE_URL to use a
# real server instead (then nothing is started inside the container).
#   docker build -t quanttrade .
#   docker run -p 8080:8080 -v quanttrade-data:/data quanttrade
# The first start prints the admin password once: `docker logs <container>`.

# --- build: install everything, bundle the daemon and the console, drop dev dependencies -----
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && mkdir -p console/dist \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: only what the daemon needs, as an unprivileged user -----------------------------
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    QUANTTRADE_HOME=/data \
    QUANTTRADE_HOST=0.0.0.0 \
    QUANTTRADE_PORT=8080 \
    QUANTTRADE_LOG_FORMAT=json
RUN groupadd --system quanttrade \
 && useradd --system --gid quanttrade --home-dir /data --shell /usr/sbin/nologin quanttrade \
 && mkdir -p /data && chown quanttrade:quanttrade /data && chmod 0700 /data
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/sql ./sql
COPY --from=build /app/console/dist ./console/dist
USER quanttrade
VOLUME ["/data"]
EXPOSE 8080
# Liveness only: a daemon waiting for its database is alive (use /readyz for load balancers).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.QUANTTRADE_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains jobs for up to QUANTTRADE_SHUTDOWN_TIMEOUT (30 s): give `docker stop -t 45`.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/quanttrade.js"]
CMD ["start"]
