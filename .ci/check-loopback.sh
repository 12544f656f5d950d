#!/usr/bin/env bash
# Fails when a source file under tests/ contains an IPv4 literal outside 127.0.0.0/8.
# Tests must never contact another host, and an address used only as data today becomes a
# connect target tomorrow, so test data uses loopback addresses (127.x.y.z) or host names too.
# 0.0.0.0 counts as outside: assert a bind-any default through IPAddress.Any instead.
# Golden/ holds byte-exact vectors produced by Apache Thrift from Doris's IDL: their addresses are encoded data
# that no test connects to, and changing one would break the byte comparison the vectors exist for.
set -euo pipefail
cd "$(dirname "$0")/.."
hits="$(grep -rnIoP '(?<![0-9.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9.])' tests/ \
  --exclude-dir=bin --exclude-dir=obj --exclude-dir=Golden \
  | grep -vE '^[^:]+:[0-9]+:127\.' || true)"
if [ -n "$hits" ]; then
  echo "IPv4 literals outside 127.0.0.0/8 in tests/ (use 127.x.y.z or a host name):" >&2
  echo "$hits" >&2
  exit 1
fi
echo "loopback check: no IPv4 literal outside 127.0.0.0/8 in tests/"
