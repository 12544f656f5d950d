#!/usr/bin/env bash
# Regenerates src/Syncer.Doris/Thrift/Generated from the IDL in Idl/ with Debian's thrift-compiler 0.17
# (`apt-get install thrift-compiler`). The generated C# is committed; GeneratedThriftCodeTests fails when it is stale.
#   regenerate.sh            rewrite Generated/
#   regenerate.sh <dir>      write into <dir> instead (the staleness test compares that with Generated/)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/Generated}"
command -v thrift >/dev/null || { echo "thrift compiler not found: apt-get install thrift-compiler" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for idl in "$here"/Idl/*.thrift; do
  # net6: nullable annotations; no_deepcopy: several IDL files would each emit the same DeepCopy helpers;
  # pascal: commit_seq becomes CommitSeq.
  thrift --gen netstd:net6,no_deepcopy,pascal -out "$tmp" "$idl"
done
rm -rf "$out"
mkdir -p "$out"
# The compiler nests output by namespace (Syncer/Doris/Thrift/); keep it flat.
find "$tmp" -name '*.cs' -exec mv {} "$out"/ \;
