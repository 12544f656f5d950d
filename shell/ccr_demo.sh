#!/usr/bin/env bash
# A five-minute tour of ccr_syncer on one machine: two minidoris clusters (source and target), one syncer, one
# table job. It creates a table with binlog on, starts a table sync (full sync, then incremental), writes rows in
# rounds, shows the lag falling to 0 and the row counts matching, and stops everything it started on exit
# (also on Ctrl-C or an error). Everything listens on 127.0.0.1 on free ports; nothing is left behind.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: ccr_demo.sh [--rounds N] [--rows N] [--keep]
  --rounds N   write rounds after the job is created (default 3)
  --rows N     INSERT statements per round, one row each (default 5)
  --keep       keep the work directory (logs, syncer store) after exit
Needs: bin/minidoris and bin/ccr_syncer (./build.sh), curl, and the mariadb (or mysql) client
(./build.sh test installs it; or apt-get install mariadb-client).
USAGE
}

rounds=3
rows_per_round=5
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="${2:?--rounds needs a value}"; shift 2 ;;
        --rows) rows_per_round="${2:?--rows needs a value}"; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; echo "ccr_demo.sh: unknown option: $1" >&2; exit 2 ;;
    esac
done
case "$rounds$rows_per_round" in *[!0-9]*) echo "ccr_demo.sh: --rounds and --rows take numbers" >&2; exit 2 ;; esac

bin="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "ccr_demo.sh: $*" >&2; exit 1; }
say() { printf '\n== %s\n' "$*"; }

[ -x "$bin/minidoris" ] || die "cannot find $bin/minidoris: run ./build.sh first"
[ -x "$bin/ccr_syncer" ] || die "cannot find $bin/ccr_syncer: run ./build.sh first"
command -v curl >/dev/null 2>&1 || die "curl is required (apt-get install curl)"
sql_client=""
for c in mariadb mysql; do
    if command -v "$c" >/dev/null 2>&1; then sql_client="$c"; break; fi
done
[ -n "$sql_client" ] || die "the mariadb (or mysql) command-line client is required: run ./build.sh test, or apt-get install mariadb-client"

work="$(mktemp -d "${TMPDIR:-/tmp}/ccr_demo.XXXXXX")"
pids=()
failed=1

# Stops what this script started, newest first: SIGTERM, then SIGKILL after 15 s. Runs on every exit path.
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    local i pid waited
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        pid="${pids[$i]}"
        kill -TERM "$pid" 2>/dev/null || continue
        waited=0
        while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 150 ]; do sleep 0.1; waited=$((waited + 1)); done
        if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
        wait "$pid" 2>/dev/null || true
    done
    if [ ${#pids[@]} -gt 0 ]; then echo "stopped processes: ${pids[*]}"; fi
    if [ "$failed" = 1 ] || [ "$keep" = 1 ]; then
        echo "logs and store kept in $work"
    else
        rm -rf "$work"
    fi
    exit "$status"
}
trap cleanup EXIT
# Ctrl-C / kill: leave through the EXIT trap with the conventional status.
trap 'exit 130' INT
trap 'exit 143' TERM

# start_minidoris <name>: starts one cluster, waits for its ready line, sets <name>_query/_rpc/_pid.
start_minidoris() {
    local name="$1" out="$work/$1.out" line=""
    "$bin/minidoris" --name "$name" --query-port 0 --rpc-port 0 --be-port 0 --be-http-port 0 >"$out" 2>"$work/$name.err" &
    pids+=("$!")
    printf -v "${name}_pid" '%s' "$!"
    for _ in $(seq 1 600); do
        line="$(grep -m1 '^minidoris ready ' "$out" 2>/dev/null || true)"
        [ -n "$line" ] && break
        kill -0 "$!" 2>/dev/null || die "minidoris $name exited during start-up: $(tail -n 5 "$work/$name.err")"
        sleep 0.1
    done
    [ -n "$line" ] || die "minidoris $name did not print its ready line within 60 s"
    # minidoris ready query=P rpc=P be=P http=P
    local query rpc
    query="$(sed -n 's/.* query=\([0-9]*\) .*/\1/p' <<<"$line")"
    rpc="$(sed -n 's/.* rpc=\([0-9]*\) .*/\1/p' <<<"$line")"
    printf -v "${name}_query" '%s' "$query"
    printf -v "${name}_rpc" '%s' "$rpc"
    echo "$name: $line (pid $!)"
}

# sql <query port> <statement>: runs one statement as root, tab-separated output without headers.
sql() {
    "$sql_client" -h127.0.0.1 -P"$1" -uroot --skip-ssl --batch --skip-column-names -e "$2"
}

# free_port: a port nothing listens on now (probed through bash's /dev/tcp; the syncer's port is its identity,
# so it must be chosen before the syncer binds it). Chosen below the kernel's ephemeral range, so that programs
# binding port 0 meanwhile cannot take it; start_syncer still retries if another program wins the race.
free_port() {
    local p low=32768
    read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
    [ "$low" -gt 11000 ] || low=32768
    for _ in $(seq 1 50); do
        p=$((10000 + RANDOM % (low - 10000)))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
    done
    die "no free port found"
}

# api <endpoint> <json>: POSTs to the syncer and prints the answer.
api() {
    curl -sS --max-time 30 -X POST -H 'Content-Type: application/json' -d "$2" "http://127.0.0.1:$syncer_port$1"
}

# count <query port> <db>: rows in <db>.orders, or "-" while the table is not there yet.
count() {
    sql "$1" "SELECT COUNT(*) FROM \`$2\`.orders" 2>/dev/null || echo "-"
}

say "starting two minidoris clusters (source, target)"
src_query="" src_rpc="" dest_query="" dest_rpc=""
start_minidoris src
start_minidoris dest

say "starting ccr_syncer"
# start_syncer: starts ccr_syncer on a free port and waits until it answers; sets syncer_port and syncer_pid.
start_syncer() {
    local attempt
    for attempt in 1 2 3 4 5; do
        syncer_port="$(free_port)"
        "$bin/ccr_syncer" -host=127.0.0.1 -port="$syncer_port" -bind_address=127.0.0.1 -db_type=sqlite3 \
            -db_dir="$work/ccr.db" -log_level=info -log_filename="$work/ccr_syncer.log" >"$work/ccr_syncer.out" 2>&1 &
        syncer_pid=$!
        pids+=("$syncer_pid")
        for _ in $(seq 1 300); do
            curl -sf --max-time 2 "http://127.0.0.1:$syncer_port/version" >/dev/null 2>&1 && return 0
            kill -0 "$syncer_pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$syncer_pid" 2>/dev/null; then die "ccr_syncer did not answer on port $syncer_port within 30 s"; fi
        # Another program took the port between the probe and the bind: try another one.
        wait "$syncer_pid" 2>/dev/null || true
        unset 'pids[-1]'
        grep -q 'address already in use' "$work/ccr_syncer.out" || die "ccr_syncer exited during start-up: $(tail -n 5 "$work/ccr_syncer.out")"
        echo "port $syncer_port was taken meanwhile (attempt $attempt); trying another"
    done
    die "ccr_syncer could not bind a free port in 5 attempts"
}
syncer_port="" syncer_pid=""
start_syncer
echo "ccr_syncer on http://127.0.0.1:$syncer_port (pid $syncer_pid), version $(curl -sS "http://127.0.0.1:$syncer_port/version")"
echo "started processes: ${pids[*]}"

say "source: database demo, table orders with binlog on, two rows"
sql "$src_query" "CREATE DATABASE demo"
sql "$src_query" "CREATE TABLE demo.orders (id INT, amount INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 4 PROPERTIES (\"replication_num\" = \"1\", \"binlog.enable\" = \"true\")"
sql "$src_query" "INSERT INTO demo.orders VALUES (1, 100), (2, 200)"
echo "source rows: $(count "$src_query" demo)"

say "POST /create_ccr: table job demo.orders -> demo_bak.orders"
job='{"name":"demo_orders","src":{"host":"127.0.0.1","port":"'"$src_query"'","thrift_port":"'"$src_rpc"'","user":"root","password":"","database":"demo","table":"orders"},"dest":{"host":"127.0.0.1","port":"'"$dest_query"'","thrift_port":"'"$dest_rpc"'","user":"root","password":"","database":"demo_bak","table":"orders"}}'
answer="$(api /create_ccr "$job")"
echo "$answer"
case "$answer" in *'"success":true'*) ;; *) die "create_ccr failed" ;; esac

# wait_synced <what>: polls /get_lag until it is 0 and both counts agree, printing each change.
wait_synced() {
    local lag src dest last="" line
    for _ in $(seq 1 240); do
        lag="$(api /get_lag '{"name":"demo_orders"}' | sed -n 's/.*"lag":\([0-9]*\).*/\1/p')"
        src="$(count "$src_query" demo)"
        dest="$(count "$dest_query" demo_bak)"
        line="lag=${lag:-?} source rows=$src target rows=$dest"
        if [ "$line" != "$last" ]; then echo "  $line"; last="$line"; fi
        if [ "${lag:-x}" = 0 ] && [ "$src" = "$dest" ]; then return 0; fi
        sleep 0.5
    done
    die "$1: the target did not catch up within 120 s; see $work/ccr_syncer.log"
}

say "full sync (backup on the source, restore on the target)"
wait_synced "full sync"
echo "status: $(api /job_status '{"name":"demo_orders"}')"

id=2
for round in $(seq 1 "$rounds"); do
    say "round $round: $rows_per_round inserts on the source"
    for _ in $(seq 1 "$rows_per_round"); do
        id=$((id + 1))
        sql "$src_query" "INSERT INTO demo.orders VALUES ($id, $((id * 100)))"
    done
    wait_synced "round $round"
done

say "result"
src_rows="$(count "$src_query" demo)"
dest_rows="$(count "$dest_query" demo_bak)"
src_sum="$(sql "$src_query" "SELECT SUM(amount) FROM demo.orders")"
dest_sum="$(sql "$dest_query" "SELECT SUM(amount) FROM demo_bak.orders")"
echo "source demo.orders: $src_rows rows, sum(amount)=$src_sum"
echo "target demo_bak.orders: $dest_rows rows, sum(amount)=$dest_sum"
echo "status: $(api /job_status '{"name":"demo_orders"}')"
if [ "$src_rows" != "$dest_rows" ] || [ "$src_sum" != "$dest_sum" ]; then die "source and target differ"; fi
echo "counts equal: $src_rows = $dest_rows"
failed=0
