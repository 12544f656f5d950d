#!/usr/bin/env bash
# Starts ccr_syncer, in the foreground (logs on the terminal and appended to the log file) or with
# --daemon (in the background, pid file written). Options are those of the Go syncer's script.
set -uo pipefail

usage() {
    cat <<'USAGE'
Usage: start_syncer.sh [options] [-- extra ccr_syncer flags]
  --daemon                 run in the background and write a pid file
  --host HOST              syncer identity host (default 127.0.0.1)
  --port PORT              HTTP port (default 9190)
  --db_type TYPE           sqlite3 (default) or mysql
  --db_dir FILE            sqlite3 file (default <home>/db/ccr.db)
  --db_host HOST           mysql store host (default 127.0.0.1)
  --db_port PORT           mysql store port (default 3306)
  --db_user USER           mysql store user
  --db_password PASSWORD   mysql store password (passed to ccr_syncer through the environment, never on its command line)
  --log_dir PATH           log file, or a directory for <host>_<port>.log (default <home>/log/<host>_<port>.log)
  --log_level LEVEL        trace|debug|info|warn|error (default trace in the foreground, info with --daemon)
  --pid_dir DIR            where <host>_<port>.pid is written (default the script's directory)
  --connect_timeout D      e.g. 10s;  --rpc_timeout D  e.g. 30s
  --pprof, --pprof_port N  accepted for compatibility
  -h, --help               this text
Anything after -- is passed to ccr_syncer unchanged (e.g. -- -feature_atomic_restore=false -bind_address=127.0.0.1).
Set CCR_SYNCER_API_TOKEN in the environment to protect the API without showing the token in ps.
USAGE
}

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SYNCER_HOME="$(cd "$script_dir/.." && pwd)"
binary="$script_dir/ccr_syncer"

daemon=0
host=127.0.0.1
port=9190
db_type=sqlite3
db_dir="$SYNCER_HOME/db/ccr.db"
db_host=127.0.0.1
db_port=3306
db_user=""
db_password=""
log_dir=""
log_level=""
pid_dir="$script_dir"
connect_timeout=10s
rpc_timeout=30s
pprof=false
pprof_port=6060
extra=()

die() { echo "start_syncer.sh: $*" >&2; exit 1; }

# True while the process exists and is not a zombie its parent has yet to reap (as in stop_syncer.sh).
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
    stat="${stat##*) }"
    [ "${stat%% *}" != "Z" ]
}

# Accepts --name value and --name=value.
while [ $# -gt 0 ]; do
    arg="$1"
    value=""
    has_inline=0
    case "$arg" in
        --*=*) value="${arg#*=}"; arg="${arg%%=*}"; has_inline=1 ;;
    esac
    take() {
        if [ "$has_inline" = 1 ]; then printf '%s' "$value"; return 0; fi
        [ $# -ge 2 ] || die "option $arg needs a value"
        printf '%s' "$2"
    }
    shift_by=1
    case "$arg" in
        --daemon) daemon=1 ;;
        --pprof) pprof=true ;;
        -h|--help) usage; exit 0 ;;
        --) shift; extra=("$@"); break ;;
        --host|--port|--db_type|--db_dir|--db_host|--db_port|--db_user|--db_password|--log_dir|--log_level|--pid_dir|--connect_timeout|--rpc_timeout|--pprof_port)
            v="$(take "$@")" || exit 1
            [ "$has_inline" = 1 ] || shift_by=2
            name="${arg#--}"
            printf -v "$name" '%s' "$v"
            ;;
        *) usage >&2; die "unknown option: $arg" ;;
    esac
    shift "$shift_by"
done

[ -x "$binary" ] || die "cannot find the ccr_syncer executable at $binary"
if [ "$db_type" = "sqlite3" ] && [ -n "$db_user" ]; then
    die "--db_user is for the mysql store; sqlite3 is only for a single local syncer"
fi
if [ -z "$log_level" ]; then
    if [ "$daemon" = 1 ]; then log_level=info; else log_level=trace; fi
fi

# The Go script's --log_dir is really a file path; a directory is accepted too.
if [ -z "$log_dir" ]; then
    log_file="$SYNCER_HOME/log/${host}_${port}.log"
elif [ -d "$log_dir" ] || [ "${log_dir%/}" != "$log_dir" ]; then
    log_file="${log_dir%/}/${host}_${port}.log"
else
    log_file="$log_dir"
fi
mkdir -p "$(dirname "$log_file")" "$pid_dir" || die "cannot create the log or pid directory"
pid_file="$pid_dir/${host}_${port}.pid"

if [ -f "$pid_file" ]; then
    old_pid="$(tr -d '[:space:]' < "$pid_file")"
    if [ -n "$old_pid" ] && alive "$old_pid" && [ "$(cat "/proc/$old_pid/comm" 2>/dev/null)" = "ccr_syncer" ]; then
        echo "Syncer running as process $old_pid. Stop it first." >&2
        exit 1
    fi
    echo "removing stale pid file $pid_file"
    rm -f "$pid_file"
fi

args=(
    "-host=$host" "-port=$port" "-db_type=$db_type" "-db_dir=$db_dir" "-db_host=$db_host" "-db_port=$db_port"
    "-log_level=$log_level" "-connect_timeout=$connect_timeout" "-rpc_timeout=$rpc_timeout"
    "-pprof=$pprof" "-pprof_port=$pprof_port"
)
[ -n "$db_user" ] && args+=("-db_user=$db_user")
# The password goes through the environment so that it shows up neither in ps nor in the log.
if [ -n "$db_password" ]; then export CCR_SYNCER_DB_PASSWORD="$db_password"; fi
args+=("${extra[@]}")

echo "start time: $(date '+%Y-%m-%d %H:%M:%S')" >> "$log_file"
log_start=$(($(wc -c < "$log_file") + 1))

if [ "$daemon" = 1 ]; then
    nohup "$binary" "${args[@]}" "-log_filename=$log_file" >> "$log_file" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" > "$pid_file"
    # Report a start that fails at once (bad flag, port in use, store unreachable) instead of a pid that is already gone.
    for _ in $(seq 1 100); do
        if ! kill -0 "$pid" 2>/dev/null; then
            rm -f "$pid_file"
            echo "ccr_syncer exited during start-up; last log lines from $log_file:" >&2
            tail -n 5 "$log_file" >&2
            exit 1
        fi
        if tail -c "+$log_start" "$log_file" 2>/dev/null | grep -q "listening on .*:${port} as "; then break; fi
        sleep 0.1
    done
    echo "ccr_syncer started as process $pid (pid file $pid_file, log $log_file)"
else
    # A terminal's Ctrl-C signals the whole foreground process group. ccr_syncer stops gracefully on it, but tee would
    # die at once and its shutdown lines would reach neither the terminal nor the log: tee ignores the stop signals
    # (an ignored signal stays ignored across exec) and ends when ccr_syncer closes the pipe.
    "$binary" "${args[@]}" 2>&1 | (trap '' INT TERM QUIT HUP; exec tee -a "$log_file")
    exit "${PIPESTATUS[0]}"
fi
