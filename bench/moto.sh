#!/usr/bin/env bash
# Compares fakelambda (cmd/fakelambda) with moto_server: both on free loopback
# ports, driven by the same Go client loop (bench/cmd/peer) on GetFunction,
# ListVersionsByFunction, PutFunctionConcurrency and GetFunctionConcurrency.
# Prints calls per second for each and the ratio. Skips when moto is absent.
#   bench/moto.sh              # 3 s per operation per server
#   DURATION=5s bench/moto.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v moto_server >/dev/null 2>&1; then
	echo "moto_server not found: skipping the moto comparison"
	exit 0
fi
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
waitfor() { # url
	for _ in $(seq 1 100); do
		curl -fs -o /dev/null "$1" && return 0
		sleep 0.2
	done
	echo "timed out waiting for $1" >&2
	return 1
}
go build -o "$tmp/fakelambda" ./cmd/fakelambda
go build -o "$tmp/peer" ./bench/cmd/peer
fport=$(freeport)
mport=$(freeport)
"$tmp/fakelambda" -quiet -transitions=false -addr "127.0.0.1:$fport" >"$tmp/fake.log" 2>&1 &
pids+=($!)
moto_server -H 127.0.0.1 -p "$mport" >"$tmp/moto.log" 2>&1 &
pids+=($!)
waitfor "http://127.0.0.1:$fport/_fakelambda/health"
waitfor "http://127.0.0.1:$mport/moto-api/"
echo "fakelambda $(go version | cut -d' ' -f3), $(moto_server --version 2>/dev/null || python3 -c 'import moto; print("moto", moto.__version__)')"
"$tmp/peer" -fake "http://127.0.0.1:$fport" -moto "http://127.0.0.1:$mport" -duration "${DURATION:-3s}"
