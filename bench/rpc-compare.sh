#!/usr/bin/env bash
# Compares the FE RPC round trip (getBinlog against minidoris on loopback) of this tree with the tree before the move
# to ApacheThrift (our own Thrift codec, client and server), in one run: both are built from source, then measured
# alternately, each round starting its own minidoris. See docs/performance.md.
#   bench/rpc-compare.sh [baseline-commit] [rounds]
# A baseline after the migration (one whose bench already has the rpc mode, e.g. main before a change) is measured with
# its own client and server but this tree's RpcRoundTrip.cs, so both sides run the same measurement.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The last commit of main with src/Syncer.Wire/Thrift (before the migration).
baseline="${1:-797203a}"
rounds="${2:-3}"
work="$(mktemp -d)"
cleanup() { git -C "$root" worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "==> baseline $baseline in $work/old"
git -C "$root" worktree add --detach "$work/old" "$baseline" >/dev/null
# The same measurement file in both trees.
if [ -d "$work/old/src/Syncer.Wire/Thrift" ]; then
  # Before the migration: the client options live in Syncer.Wire.Thrift.Client, and the bench has no rpc mode yet.
  sed 's/^using Syncer.Doris.Rpc;$/using Syncer.Doris.Rpc;\nusing Syncer.Wire.Thrift.Client;/' \
    "$root/bench/Syncer.Bench/RpcRoundTrip.cs" > "$work/old/bench/Syncer.Bench/RpcRoundTrip.cs"
  python3 - "$work/old/bench/Syncer.Bench/Program.cs" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
anchor = 'var bin = args.SkipWhile(a => a != "--bin").Skip(1).FirstOrDefault() ?? Path.Combine(Directory.GetCurrentDirectory(), "bin");\n'
mode = '''if (args.Contains("rpc"))
{
    var calls = int.Parse(args.SkipWhile(a => a != "--calls").Skip(1).FirstOrDefault() ?? "2000", CultureInfo.InvariantCulture);
    var rounds = int.Parse(args.SkipWhile(a => a != "--rounds").Skip(1).FirstOrDefault() ?? "5", CultureInfo.InvariantCulture);
    await RpcRoundTrip.RunAsync(bin, calls, rounds);
    return;
}
'''
assert s.count(anchor) == 1
open(p, 'w').write(s.replace(anchor, anchor + mode))
PY
else
  cp "$root/bench/Syncer.Bench/RpcRoundTrip.cs" "$work/old/bench/Syncer.Bench/RpcRoundTrip.cs"
fi

for tree in old new; do
  dir="$root"; [ "$tree" = old ] && dir="$work/old"
  echo "==> build $tree"
  dotnet publish "$dir/src/MiniDoris" -c Release -o "$work/$tree-bin" -v quiet -nologo >/dev/null
  dotnet build "$dir/bench/Syncer.Bench" -c Release -v quiet -nologo -clp:ErrorsOnly >/dev/null
done

: > "$work/results"
for i in $(seq 1 "$rounds"); do
  for tree in old new; do
    dir="$root"; [ "$tree" = old ] && dir="$work/old"
    dotnet "$dir/bench/Syncer.Bench/bin/Release/net10.0/syncer_bench.dll" rpc --bin "$work/$tree-bin" --calls 2000 --rounds 3 \
      | grep '^rpc ' | sed "s/^/$tree /" | tee -a "$work/results"
  done
done

python3 - "$work/results" <<'PY'
import re, sys
best, cpu = {}, {}
for line in open(sys.argv[1]):
    tree, _, _, size = line.split()[:4]
    us = float(re.search(r' us_per_call=([\d.]+)', line).group(1))
    best[(tree, size)] = min(us, best.get((tree, size), us))
    m = re.search(r'cpu_us_per_call=([\d.]+)', line)
    if m:
        c = float(m.group(1))
        cpu[(tree, size)] = min(c, cpu.get((tree, size), c))
print()
print(f"{'getBinlog reply':<16} {'baseline (us)':>15} {'this tree (us)':>18} {'new/old':>8}   (wall time per call, best round)")
for size in ('small', 'large'):
    old, new = best[('old', size)], best[('new', size)]
    print(f"{size:<16} {old:>15.1f} {new:>18.1f} {new / old:>8.2f}")
if cpu:
    print(f"{'getBinlog reply':<16} {'baseline (us)':>15} {'this tree (us)':>18} {'new/old':>8}   (CPU time per call, client + minidoris, best round)")
    for size in ('small', 'large'):
        old, new = cpu[('old', size)], cpu[('new', size)]
        print(f"{size:<16} {old:>15.1f} {new:>18.1f} {new / old:>8.2f}")
PY
