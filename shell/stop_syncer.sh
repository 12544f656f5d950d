#!/usr/bin/env bash
# Stops syncers started with start_syncer.sh --daemon: SIGTERM (graceful: requests and job steps in flight
# finish, logs are flushed), then SIGKILL only if the process is still there after --timeout seconds.
set -uo pipefail

usage() {
    cat <<'USAGE'
Usage: stop_syncer.sh [options]
  --pid_dir DIR      where the pid files are (default the script's directory)
  --host HOST        with --port: stop the syncer of <host>_<port>.pid (default host 127.0.0.1)
  --port PORT
  --files "a.pid b"  stop the syncers of these pid files (names relative to --pid_dir)
  --timeout SECONDS  how long to wait after SIGTERM before SIGKILL (default 60)
  -h, --help         this text
Without --port or --files every *.pid in the pid directory is stopped.
USAGE
}

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pid_dir="$script_dir"
host=127.0.0.1
port=""
files=""
timeout=60

die() { echo "stop_syncer.sh: $*" >&2; exit 1; }

# Whether a process runs. A zombie (exited, not yet reaped by a parent that never waits, such as a
# container's PID 1) still answers kill -0 but is gone for our purpose; waiting for it would never end.
alive() {
    kill -0 "$1" 2>/dev/null || return 1
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
    stat="${stat##*) }"
    [ "${stat%% *}" != "Z" ]
}

while [ $# -gt 0 ]; do
    arg="$1"
    case "$arg" in
        --*=*) set -- "${arg%%=*}" "${arg#*=}" "${@:2}"; continue ;;
    esac
    case "$arg" in
        -h|--help) usage; exit 0 ;;
        --pid_dir|--host|--port|--files|--timeout)
            [ $# -ge 2 ] || die "option $arg needs a value"
            printf -v "${arg#--}" '%s' "$2"
            shift 2
            ;;
        # The Go script took --grace after --; SIGTERM is already the default here.
        --) shift; for a in "$@"; do [ "$a" = "--grace" ] || die "unknown option after --: $a"; done; break ;;
        *) usage >&2; die "unknown option: $arg" ;;
    esac
done
case "$timeout" in ''|*[!0-9]*) die "--timeout must be a number of seconds" ;; esac

pid_files=()
if [ -n "$files" ]; then
    for f in $files; do
        case "$f" in /*) pid_files+=("$f") ;; *) pid_files+=("$pid_dir/$f") ;; esac
    done
elif [ -n "$port" ]; then
    pid_files=("$pid_dir/${host}_${port}.pid")
else
    shopt -s nullglob
    pid_files=("$pid_dir"/*.pid)
    shopt -u nullglob
    [ ${#pid_files[@]} -gt 0 ] || die "no pid file in $pid_dir"
fi

status=0
for pid_file in "${pid_files[@]}"; do
    if [ ! -f "$pid_file" ]; then
        echo "stop_syncer.sh: pid file $pid_file does not exist" >&2
        status=1
        continue
    fi
    pid="$(tr -d '[:space:]' < "$pid_file")"
    if [ -z "$pid" ]; then
        echo "stop_syncer.sh: pid file $pid_file is empty; removing it" >&2
        rm -f "$pid_file"
        status=1
        continue
    fi
    if ! alive "$pid"; then
        echo "process $pid of $pid_file is not running; removing the stale pid file"
        rm -f "$pid_file"
        continue
    fi
    name="$(cat "/proc/$pid/comm" 2>/dev/null || ps -o comm= -p "$pid")"
    if [ "$name" != "ccr_syncer" ]; then
        echo "stop_syncer.sh: process $pid of $pid_file is $name, not ccr_syncer; not stopping it" >&2
        status=1
        continue
    fi
    kill -TERM "$pid"
    waited=0
    while alive "$pid" && [ "$waited" -lt $((timeout * 10)) ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    if alive "$pid"; then
        echo "process $pid did not stop within ${timeout}s after SIGTERM; sending SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null
        while alive "$pid"; do sleep 0.1; done
    fi
    rm -f "$pid_file"
    echo "stopped ccr_syncer process $pid ($pid_file)"
done
exit "$status"
