#!/usr/bin/env bash
# One entry point for building and testing, meant to work on a fresh machine.
#   ./build.sh          restore, build Release, publish the executables and scripts into bin/
#   ./build.sh run      the above, then start ccr_syncer in the foreground (SQLite store under db/);
#                       arguments after "run" go to bin/start_syncer.sh (e.g. --daemon, --port 9190)
#   ./build.sh test     the above build, install test prerequisites (MariaDB), run every test project
#   ./build.sh bench    the above build, then the benchmark against minidoris and bin/ccr_syncer (--quick: a short run;
#                       --only latency,apply,idle,ha: some scenarios only;
#                       sql: only the SQL round trip of the MySQL client stacks, against minidoris and MariaDB;
#                       rpc: only the FE getBinlog round trip; bench/rpc-compare.sh sets it against the pre-ApacheThrift tree);
#                       see docs/performance.md
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
mode="${1:-build}"
config=Release
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

apt_install() {
  # Install the named Debian packages that are missing, updating the lists once.
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

require_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "the .NET SDK (10.0) is required: dotnet is not on PATH" >&2
    exit 1
  fi
}

publish_exe() {
  # publish_exe <project dir>: framework-dependent publish into bin/, next to the scripts.
  local proj="$1"
  [ -f "$proj"/*.csproj ] || return 0
  dotnet publish "$proj" -c "$config" --no-build -o "$root/bin" -v quiet -nologo >/dev/null
}

build() {
  require_dotnet
  log "restore"
  dotnet restore Syncer.sln -v quiet -nologo
  log "build ($config)"
  dotnet build Syncer.sln -c "$config" --no-restore -v quiet -nologo -clp:ErrorsOnly
  log "publish into bin/"
  mkdir -p bin log db
  for exe in src/Syncer src/MiniDoris; do
    if [ -d "$exe" ]; then publish_exe "$exe"; fi
  done
  if [ -d shell ]; then cp shell/*.sh bin/ && chmod +x bin/*.sh; fi
}

run_tests() {
  # thrift-compiler: GeneratedThriftCodeTests regenerates src/Syncer.Doris/Thrift/Generated to check it is current.
  apt_install mariadb-server mariadb-client python3-thrift thrift-compiler
  local out status=0
  out="$(mktemp)"
  log "test"
  # Test projects run one after another: the machine has two cores and several suites start servers.
  for proj in tests/*.Tests/*.csproj; do
    dotnet test "$proj" -c "$config" --no-build -nologo 2>&1 | tee -a "$out" || status=1
  done
  # dotnet test prints one summary per project; add them up into the single closing line CI reads.
  local passed failed skipped
  # Each project ends with "Passed!  - Failed: F, Passed: P, Skipped: S, Total: T, ...".
  read -r passed failed skipped < <(awk '
    /(Passed|Failed)! +- +Failed:/ {
      for (i = 1; i < NF; i++) { v = $(i+1); gsub(/,/, "", v)
        if ($i == "Failed:") f += v; else if ($i == "Passed:") p += v; else if ($i == "Skipped:") s += v }
    }
    END { print p+0, f+0, s+0 }' "$out")
  rm -f "$out"
  echo
  echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
  if [ "${failed:-0}" != 0 ] || [ "${passed:-0}" = 0 ]; then status=1; fi
  return $status
}

run_bench() {
  # bench/ is outside tests/, so the test loop never runs it; it starts its own minidoris and syncer processes from bin/.
  log "bench $*"
  dotnet "bench/Syncer.Bench/bin/$config/net10.0/syncer_bench.dll" --bin "$root/bin" "$@"
}

case "$mode" in
  build) build ;;
  run) build; exec "$root/bin/start_syncer.sh" "${@:2}" ;;
  test) build; run_tests ;;
  bench) build; run_bench "${@:2}" ;;
  *) echo "usage: ./build.sh [build|run|test|bench [--quick] [--only apply,...] [sql]]" >&2; exit 2 ;;
esac
