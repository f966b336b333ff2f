#!/usr/bin/env bash
# Latency of each request as the loopback interface sees it, during a wrk run against a running
# Vigil server: from the request's packet to the first packet of its answer (tcpdump timestamps).
#
# Why: with wrk on the same two vCPUs, wrk's own p99 includes the time its threads wait for a CPU
# after the answer has arrived (they spent ~30 % of a run in the run queue when measured with
# /proc/<pid>/task/*/schedstat), so it says little about when Vigil answered. wrk issues one request
# per connection at a time, so on each connection a request packet is followed by its answer.
#
# usage: vigil-bench/wrk/wire-latency.sh PORT SCRIPT.lua [seconds]   (root, tcpdump; VIGIL_KEY set)
set -euo pipefail
port=$1 script=$2 seconds=${3:-10}
dir=$(mktemp -d /tmp/vigil-wire.XXXXXX)
tcpdump -i lo -s 96 -nn -w "$dir/lo.pcap" "tcp port $port" 2>"$dir/tcpdump.log" &
capture=$!
sleep 1
wrk -t2 -c16 -d"${seconds}s" --latency -s "$script" "http://127.0.0.1:$port" >"$dir/wrk.txt"
sleep 1
kill -INT "$capture"
wait "$capture" || true
grep -E 'Requests/sec|p50' "$dir/wrk.txt" | sed 's/^/wrk:  /'
grep -E 'dropped by kernel' "$dir/tcpdump.log" | sed 's/^/tcpdump: /' || true
tcpdump -tt -nn -r "$dir/lo.pcap" 2>/dev/null | awk -v port="$port" '
  # "TIME IP 127.0.0.1.CLIENT > 127.0.0.1.SERVER: Flags [P.], ..., length N"
  {
    n = split($3, src, "."); split($5, dst, "."); sub(":", "", dst[5]);
    if ($NF == 0) next                        # ACKs and handshakes carry no payload
    if (dst[5] == port) { sent[src[n]] = $1; next }
    if (src[n] == port && (dst[5] in sent)) { # the first answer packet after the request
      printf "%.3f\n", ($1 - sent[dst[5]]) * 1000; delete sent[dst[5]]
    }
  }' | sort -n >"$dir/ms.txt"
awk '{ ms[NR] = $1 }
  END {
    if (NR == 0) { print "wire: no request/answer pairs captured"; exit 1 }
    printf "wire: %d requests, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms\n",
      NR, ms[int(NR * 0.5) + 1], ms[int(NR * 0.9) + 1], ms[int(NR * 0.99) + 1],
      ms[int(NR * 0.999) + 1], ms[NR]
  }' "$dir/ms.txt"
rm -rf "$dir"
