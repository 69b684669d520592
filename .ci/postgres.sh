#!/usr/bin/env bash
# A throwaway PostgreSQL server for the SQL differential tests.
#   .ci/postgres.sh start   installs PostgreSQL if needed, starts a private
#                           cluster on 127.0.0.1 (a port derived from the
#                           checkout path) and prints the URL
#   .ci/postgres.sh restart stops it abruptly (-m immediate) and starts it again
#   .ci/postgres.sh stop    stops it and removes its data
set -euo pipefail
# Port and directory derive from the checkout's path, so two checkouts can run
# their tests at the same time without stopping each other's server.
KEY=$(cd "$(dirname "$0")/.." && pwd | cksum | cut -d' ' -f1)
PGPORT=${FRONTDESK_PG_PORT:-$((54000 + KEY % 900))}
DIR=${FRONTDESK_PG_DIR:-/tmp/frontdesk-pg-$KEY}
bin() {
  local b
  b=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$b" ] && echo "$b"
}
as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
case "${1:-}" in
  start)
    if [ -z "$(bin)" ]; then
      echo "installing PostgreSQL..." >&2
      if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
      $SUDO apt-get update -qq >&2 || true
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
    fi
    B=$(bin)
    as_pg "$B/pg_ctl -D $DIR/data stop -m immediate" >/dev/null 2>&1 || true
    rm -rf "$DIR" && mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    as_pg "$B/initdb -D $DIR/data -A trust -U frontdesk -E UTF8 --locale=C.UTF-8" >/dev/null
    as_pg "$B/pg_ctl -D $DIR/data -w -o '-p $PGPORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off' -l $DIR/log start" >/dev/null
    as_pg "$B/createdb -h 127.0.0.1 -p $PGPORT -U frontdesk frontdesk_test"
    echo "postgresql://frontdesk@127.0.0.1:$PGPORT/frontdesk_test"
    ;;
  restart)
    # Stops the server without a clean shutdown (as a crash would: it
    # recovers from its WAL) and starts it again on the same data.
    B=$(bin)
    as_pg "$B/pg_ctl -D $DIR/data stop -m immediate" >/dev/null
    as_pg "$B/pg_ctl -D $DIR/data -w -o '-p $PGPORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off' -l $DIR/log start" >/dev/null
    ;;
  stop)
    B=$(bin) || exit 0
    as_pg "$B/pg_ctl -D $DIR/data stop -m fast" >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
  *) echo "usage: $0 start|restart|stop" >&2; exit 2 ;;
esac
