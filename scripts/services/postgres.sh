# PostgreSQL 15 for the tests (sourced by scripts/test-services.sh).
# start_postgres creates a throw-away cluster in a temporary directory,
# listening only on 127.0.0.1 on a free port, with trust authentication for
# local connections, and exports
#   SCHEDULIGHT_TEST_PG_URL=postgresql://postgres@127.0.0.1:PORT/postgres
# Tests create their own databases in it. stop_postgres stops the cluster and
# removes the directory.
#
# PostgreSQL refuses to run as root, and CI runs as root: then initdb and
# pg_ctl run as the `postgres` system user (created by the Debian package),
# which is given the temporary directory.

TEST_SERVICES+=(postgres)

POSTGRES_BIN_DIR="${POSTGRES_BIN_DIR:-/usr/lib/postgresql/15/bin}"

# Runs a command as the cluster's owner: `postgres` when we are root, else us.
_postgres_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_postgres() {
  if [[ ! -x "$POSTGRES_BIN_DIR/initdb" ]]; then
    echo "start_postgres: $POSTGRES_BIN_DIR/initdb not found (install the postgresql package)" >&2
    return 1
  fi
  POSTGRES_TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/schedulight-pg.XXXXXX")
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$POSTGRES_TEST_DIR"
  fi
  chmod 700 "$POSTGRES_TEST_DIR"
  local port
  port=$(free_loopback_port)
  _postgres_as_owner "$POSTGRES_BIN_DIR/initdb" -D "$POSTGRES_TEST_DIR/data" -U postgres \
    --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$POSTGRES_TEST_DIR/initdb.log" 2>&1 || {
    cat "$POSTGRES_TEST_DIR/initdb.log" >&2
    return 1
  }
  # The unix socket goes into the temporary directory too, so nothing is
  # written to the system's /var/run/postgresql.
  _postgres_as_owner "$POSTGRES_BIN_DIR/pg_ctl" -D "$POSTGRES_TEST_DIR/data" \
    -l "$POSTGRES_TEST_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $POSTGRES_TEST_DIR -c fsync=off" \
    start >/dev/null || {
    cat "$POSTGRES_TEST_DIR/server.log" >&2
    return 1
  }
  export SCHEDULIGHT_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL for tests: $SCHEDULIGHT_TEST_PG_URL"
}

stop_postgres() {
  [[ -n "${POSTGRES_TEST_DIR:-}" && -d "$POSTGRES_TEST_DIR" ]] || return 0
  _postgres_as_owner "$POSTGRES_BIN_DIR/pg_ctl" -D "$POSTGRES_TEST_DIR/data" -m fast -w \
    stop >/dev/null 2>&1 || true
  rm -rf "$POSTGRES_TEST_DIR"
  unset POSTGRES_TEST_DIR SCHEDULIGHT_TEST_PG_URL
}
