#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for marsad's store tests and print its URL.
#
#   eval "$(scripts/postgres.sh)"      # sets MARSAD_TEST_PG_URL
#   scripts/postgres.sh stop           # stops it
#
# Installs Debian's postgresql packages when they are missing (apt-get; needs root), runs the
# server as the unprivileged "postgres" user (initdb refuses root) with its own data directory
# under /tmp, listening on 127.0.0.1 only on a free port, and creates the database "marsad_test".
# Only the export line goes to stdout; progress goes to stderr.
set -euo pipefail

BASE="${MARSAD_PG_DIR:-/tmp/marsad-pg}"
DATA="$BASE/data"
LOG="$BASE/server.log"
DB="${MARSAD_PG_DB:-marsad_test}"

log() { echo "postgres.sh: $*" >&2; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then return 1; fi
  echo "$dir"
}

as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ "${1:-}" = "stop" ]; then
  BIN=$(pg_bin) || { log "PostgreSQL is not installed"; exit 0; }
  if [ -f "$DATA/postmaster.pid" ]; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2
  fi
  exit 0
fi

if ! BIN=$(pg_bin); then
  if [ "$(id -u)" != "0" ]; then
    log "PostgreSQL is missing and installing it needs root (apt-get install postgresql)"
    exit 1
  fi
  log "installing Debian postgresql packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql postgresql-contrib >&2
  BIN=$(pg_bin)
fi

# PostGIS (radius/bbox on geography) when we may install it; the store works without it
MAJOR=$(basename "$(dirname "$BIN")")
if [ "${MARSAD_PG_POSTGIS:-1}" = "1" ] && [ "$(id -u)" = "0" ] \
    && [ ! -f "/usr/share/postgresql/$MAJOR/extension/postgis.control" ]; then
  log "installing PostGIS for PostgreSQL $MAJOR (MARSAD_PG_POSTGIS=0 skips)"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -qq "postgresql-$MAJOR-postgis-3" >&2 \
    || { apt-get update -qq >&2 && apt-get install -y -qq "postgresql-$MAJOR-postgis-3" >&2; }; } \
    || log "PostGIS could not be installed: plain lat/lon"
fi

if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir "$BASE" --shell /usr/sbin/nologin postgres
fi

mkdir -p "$BASE"
if [ "$(id -u)" = "0" ]; then chown postgres "$BASE"; fi

# already running from an earlier call: reuse it
if [ -f "$DATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  PORT=$(sed -n '4p' "$DATA/postmaster.pid")
  log "server already running on port $PORT"
else
  if [ ! -f "$DATA/PG_VERSION" ]; then
    log "initialising $DATA"
    as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 >/dev/null
  fi
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  log "starting server on 127.0.0.1:$PORT (log: $LOG)"
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $BASE -c fsync=off" start >&2
fi

if ! as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
fi
# PostGIS, when its package is installed, enables radius/bbox queries on geography
as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d "$DB" -qc \
  "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null 2>&1 || log "PostGIS not available: plain lat/lon"

echo "export MARSAD_TEST_PG_URL=postgresql://postgres@127.0.0.1:$PORT/$DB"
