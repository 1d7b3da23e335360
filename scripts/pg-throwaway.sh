# shellcheck shell=bash disable=SC2034 # PG_THROWAWAY_URL is read by the scripts that source this one
# A throwaway PostgreSQL cluster for the tests, sourced by scripts/test.sh (and by
# scripts/bootstrap.sh, for pg_bin_dir):
#
#   source scripts/pg-throwaway.sh
#   pg_throwaway_start || exit 1   # sets PG_THROWAWAY_URL (its superuser, trusted)
#   ...                            # psql "$PG_THROWAWAY_URL" ...
#   pg_throwaway_stop              # also safe to call twice, or when start failed
#
# The cluster lives in a temporary directory (mktemp -d): initdb'd there with trust
# authentication and superuser `postgres`, listening on 127.0.0.1 only, on a free
# port, with its unix socket in that directory; started with `pg_ctl -w start`;
# stopped and deleted by pg_throwaway_stop. As root it runs as the `postgres` user
# (Debian's package makes it; `nobody` otherwise), since initdb refuses root.
#
# The binaries: $PG_BIN if set, else the highest /usr/lib/postgresql/<major>/bin
# (Debian's package puts them there, off PATH), else the folder of `initdb` on PATH.

pg_bin_dir() {
  if [[ -n ${PG_BIN:-} ]]; then
    echo "$PG_BIN"
    return
  fi
  local dir found
  dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [[ -x $dir/initdb ]]; then
    echo "$dir"
  elif found=$(command -v initdb); then
    dirname "$found"
  else
    return 1
  fi
}

PG_THROWAWAY_URL=
PG_THROWAWAY_DIR=
pg_throwaway_as=()

# A port on 127.0.0.1 where nothing listens: a connection to it is refused.
pg_free_port() {
  local port _
  for _ in {1..50}; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  return 1
}

pg_throwaway_start() {
  local bin port user
  if ! bin=$(pg_bin_dir) || [[ ! -x $bin/initdb || ! -x $bin/pg_ctl ]]; then
    echo "pg-throwaway: no initdb and pg_ctl found (in ${bin:-/usr/lib/postgresql/*/bin or on PATH}); scripts/bootstrap.sh installs Debian's postgresql" >&2
    return 1
  fi
  if ! port=$(pg_free_port); then
    echo 'pg-throwaway: no free port found on 127.0.0.1' >&2
    return 1
  fi
  pg_throwaway_as=()
  if [[ $(id -u) -eq 0 ]]; then
    # initdb refuses to run as root: an unprivileged user owns the cluster. /tmp
    # rather than $TMPDIR, which that user may not be able to enter.
    user=postgres
    id -u "$user" >/dev/null 2>&1 || user=nobody
    pg_throwaway_as=(runuser -u "$user" --)
    PG_THROWAWAY_DIR=$(mktemp -d /tmp/pg-throwaway.XXXXXX) || return 1
    chown "$user:" "$PG_THROWAWAY_DIR" || return 1
  else
    PG_THROWAWAY_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pg-throwaway.XXXXXX") || return 1
  fi
  echo "pg-throwaway: $bin, port $port, in $PG_THROWAWAY_DIR${user:+ (as $user)}"
  # C locale and UTF-8: the same cluster whatever the machine's locale. No fsync
  # anywhere: the data is thrown away.
  "${pg_throwaway_as[@]}" "$bin/initdb" -D "$PG_THROWAWAY_DIR/data" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C --no-sync >"$PG_THROWAWAY_DIR/initdb.log" 2>&1 || {
    cat "$PG_THROWAWAY_DIR/initdb.log" >&2
    echo "pg-throwaway: initdb failed" >&2
    return 1
  }
  cat >>"$PG_THROWAWAY_DIR/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$PG_THROWAWAY_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  "${pg_throwaway_as[@]}" "$bin/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -l "$PG_THROWAWAY_DIR/server.log" \
    -w -t 60 start >/dev/null || {
    cat "$PG_THROWAWAY_DIR/server.log" >&2 2>/dev/null
    echo "pg-throwaway: pg_ctl start failed" >&2
    return 1
  }
  PG_THROWAWAY_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

pg_throwaway_stop() {
  [[ -n $PG_THROWAWAY_DIR ]] || return 0
  local bin
  if [[ -f $PG_THROWAWAY_DIR/data/postmaster.pid ]] && bin=$(pg_bin_dir); then
    "${pg_throwaway_as[@]}" "$bin/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -m immediate -w stop >/dev/null 2>&1
  fi
  # Still there (pg_ctl missing or stuck): the server's own pid, from its pid file.
  if [[ -f $PG_THROWAWAY_DIR/data/postmaster.pid ]]; then
    kill -KILL "$(head -n 1 "$PG_THROWAWAY_DIR/data/postmaster.pid")" 2>/dev/null
  fi
  rm -rf "$PG_THROWAWAY_DIR"
  PG_THROWAWAY_DIR=
  PG_THROWAWAY_URL=
}
