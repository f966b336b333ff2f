#!/usr/bin/env bash
# CPU time per request of a Vigil server and its embedded PostgreSQL under a wrk load.
#
# Why: requests per second on a shared machine say more about the other tenants than about Vigil.
# CPU seconds spent per request (utime + stime from /proc, server JVM and every PostgreSQL process)
# depend far less on the load, and 1 / (CPU per request) x cores is the ceiling on a machine of its
# own. Per-thread figures show how much of it is the JIT compiler still warming up.
#
# usage: vigil-bench/wrk/cpu-per-request.sh vigil-cli/target/vigil.jar vigil-bench/wrk/scan.lua [seconds]
# env:   WARM=seconds of warm-up load before measuring (default 40); extra server env passes through
#        (VIGIL_DECIDE_RATE=0 lifts the per-key decide limit for decide.lua; VIGIL_DB_URL,
#        VIGIL_DB_USER, VIGIL_DB_PASSWORD for an external PostgreSQL, whose postmaster.pid is then
#        given as PG_PID_FILE so its processes are counted).
set -euo pipefail
jar=$1 script=$2 seconds=${3:-20} warm=${WARM:-40}
dir=$(mktemp -d /tmp/vigil-cpu.XXXXXX)
port=$((20000 + RANDOM % 20000))
java -Xmx1g -jar "$jar" serve --port "$port" --no-demo --data-dir "$dir/data" >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do grep -q listening "$dir/server.log" && break; sleep 1; done
admin=$(cat "$dir/data/admin.key")
VIGIL_KEY=$(curl -s -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"role":"platform"}' "http://127.0.0.1:$port/v1/keys" | sed 's/.*"key":"\([^"]*\)".*/\1/')
export VIGIL_KEY
hz=$(getconf CLK_TCK)

ticks_of() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
postgres_ticks() {
  local postmaster total=0
  postmaster=$(head -1 "${PG_PID_FILE:-$dir/data/pg/postmaster.pid}")
  for pid in $postmaster $(pgrep -P "$postmaster"); do total=$((total + $(ticks_of "$pid"))); done
  echo "$total"
}
thread_ticks() {
  for task in /proc/"$server"/task/*; do
    printf '%s %s\n' "$(tr ' ' _ <"$task/comm" | sed 's/[0-9]\+/N/g')" "$(ticks_of "$server/task/${task##*/}")"
  done | awk '{sum[$1] += $2} END {for (t in sum) print t, sum[t]}' | sort
}

wrk -t2 -c16 -d"${warm}s" -s "$script" "http://127.0.0.1:$port" >/dev/null
jvm0=$(ticks_of "$server") pg0=$(postgres_ticks) load0=$(cut -d' ' -f1 /proc/loadavg)
thread_ticks >"$dir/threads.before"
wrk -t2 -c16 -d"${seconds}s" --latency -s "$script" "http://127.0.0.1:$port" >"$dir/wrk.txt"
jvm1=$(ticks_of "$server") pg1=$(postgres_ticks) load1=$(cut -d' ' -f1 /proc/loadavg)
thread_ticks >"$dir/threads.after"

requests=$(awk '/requests in/ {print $1}' "$dir/wrk.txt")
echo "$(basename "$script"): $requests requests in ${seconds}s, load average $load0..$load1"
grep -E 'Requests/sec|non-2xx|p50' "$dir/wrk.txt"
echo "server JVM   $(((jvm1 - jvm0) * 1000000 / hz / requests)) us CPU per request"
echo "PostgreSQL   $(((pg1 - pg0) * 1000000 / hz / requests)) us CPU per request"
echo "JVM threads (us per request):"
join "$dir/threads.before" "$dir/threads.after" |
  awk -v hz="$hz" -v n="$requests" '{us = ($3 - $2) * 1000000 / hz / n; if (us >= 1) printf "  %-28s %d\n", $1, us}' |
  sort -k2 -nr
