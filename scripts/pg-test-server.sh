#!/bin/sh
# A throwaway PostgreSQL server for the store's tests (tests/unit/store):
#   pg-test-server.sh start [WATCH_PID]   prints PGTEST_DIR=, PGTEST_PORT=,
#                                         PGTEST_URI= lines, exits 0 once it
#                                         accepts connections
#   pg-test-server.sh stop DIR            stops it and removes DIR
# The cluster lives in a new directory under ${TMPDIR:-/tmp}, listens on
# 127.0.0.1 on a free port and on a socket in that directory, and is owned
# by an unprivileged user (postgres when run as root: the server refuses
# root). Local socket logins are trusted (the tests' administration); TCP
# needs the password (scram-sha-256), so refused logins can be tested.
# With WATCH_PID, a watchdog stops the server once that process is gone,
# so a crashed test run leaves nothing behind.
set -eu
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGUSER_NAME=cti
PGPASS=cti-test-pw
DB=cti_test

as_owner() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

stop() {
	dir=$1
	if [ -d "$dir/data" ]; then
		as_owner "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop \
			>/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}

start() {
	watch=${1:-}
	if [ ! -x "$PGBIN/initdb" ]; then
		echo "pg-test-server: no PostgreSQL at $PGBIN (package postgresql)" >&2
		exit 1
	fi
	dir=$(mktemp -d "${TMPDIR:-/tmp}/cti-pg-XXXXXX")
	chmod 0700 "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	printf '%s\n' "$PGPASS" >"$dir/pw"
	[ "$(id -u)" = 0 ] && chown postgres "$dir/pw"
	if ! as_owner "$PGBIN/initdb" -D "$dir/data" -U "$PGUSER_NAME" \
		--pwfile="$dir/pw" -E UTF8 --locale=C --auth-local=trust \
		--auth-host=scram-sha-256 -N >"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		rm -rf "$dir"
		exit 1
	fi
	mkdir "$dir/sock"
	[ "$(id -u)" = 0 ] && chown postgres "$dir/sock"
	tries=0
	while :; do
		# a port in the dynamic range; another one if it is taken
		port=$((49152 + ($(od -An -N2 -tu2 /dev/urandom) % 16000)))
		if as_owner "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
			-w -t 30 -o "-c listen_addresses=127.0.0.1 -p $port \
			-k $dir/sock -c max_connections=30 -c fsync=on \
			-c synchronous_commit=on -c shared_buffers=16MB" \
			start >/dev/null 2>&1; then
			break
		fi
		tries=$((tries + 1))
		if [ $tries -ge 3 ]; then
			echo "pg-test-server: the server did not start:" >&2
			cat "$dir/server.log" >&2 || true
			stop "$dir"
			exit 1
		fi
	done
	if ! as_owner "$PGBIN/psql" -h "$dir/sock" -p "$port" -U "$PGUSER_NAME" \
		-d postgres -qAtc "CREATE DATABASE $DB" >/dev/null 2>"$dir/psql.log"; then
		cat "$dir/psql.log" >&2
		stop "$dir"
		exit 1
	fi
	if [ -n "$watch" ]; then
		# detached, its output nowhere: the caller reading ours sees EOF
		setsid sh -c "while kill -0 $watch 2>/dev/null; do sleep 1; done;
			'$0' stop '$dir'" </dev/null >/dev/null 2>&1 &
	fi
	echo "PGTEST_DIR=$dir"
	echo "PGTEST_PORT=$port"
	echo "PGTEST_URI=postgresql://$PGUSER_NAME:$PGPASS@127.0.0.1:$port/$DB"
}

case ${1:-} in
start) shift; start "$@" ;;
stop) stop "$2" ;;
*) echo "usage: $0 start [WATCH_PID] | stop DIR" >&2; exit 2 ;;
esac
