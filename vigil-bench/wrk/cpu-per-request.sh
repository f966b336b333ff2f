#!/usr/bin/env bash
# CPU time per request of a Vigil server and its embedded PostgreSQL under a wrk load.
#
# Why: requests per second on a shared machine say more about the other tenants than about Vigil.
# CPU seconds spent per request (utime + stime from /proc, server JVM and every PostgreSQL process)
# depend far less on the load, and 1 / (CPU per request) x cores is the ceiling on a machine of its
# own. Per-thread figures show how much of it is the JIT compiler still warming up; wrk's own CPU
# and the machine's idle share show what the load generator takes and what is left unused.
#
# usage: vigil-bench/wrk/cpu-per-request.sh vigil-cli/target/vigil.jar vigil-bench/wrk/scan.lua [seconds]
# env:   WARM=seconds of warm-up load before measuring (default 40); JFR=file.jfr records a profile
#        of the measured seconds only (jcmd); extra server env passes through
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

# Bytes kept per request (embedded store, psql installed): rows and pg_total_relation_size (table,
# indexes, TOAST) of decisions and audit_log, before and after the measured run; the difference per
# row leaves out what an empty table and the warm-up already hold.
store_sizes() {
  if [ -z "${VIGIL_DB_URL:-}" ] && command -v psql >/dev/null; then
    PGPASSWORD=$(cat "$dir/data/db.password") psql -h 127.0.0.1 -p "$(sed -n 4p "$dir/data/pg/postmaster.pid")" \
      -U vigil -d vigil -Atc "SELECT 'decisions', count(*), pg_total_relation_size('decisions') FROM decisions
        UNION ALL SELECT 'audit_log', count(*), pg_total_relation_size('audit_log') FROM audit_log" | tr '|' ' ' | sort || true
  fi
}

. "$(dirname "$0")/proc-cpu.sh"
thread_ticks() {
  for task in /proc/"$server"/task/*; do
    # A thread may end between the listing and the read: skip it.
    name=$(tr ' ' _ 2>/dev/null <"$task/comm" | sed 's/[0-9]\+/N/g') || continue
    if [ -n "$name" ]; then printf '%s %s\n' "$name" "$(ticks_of "$server/task/${task##*/}")"; fi
  done | awk '{sum[$1] += $2} END {for (t in sum) print t, sum[t]}' | sort
}

wrk -t2 -c16 -d"${warm}s" -s "$script" "http://127.0.0.1:$port" >/dev/null
store_sizes >"$dir/sizes.before"
jvm0=$(ticks_of "$server") pg0=$(postgres_ticks "${PG_PID_FILE:-$dir/data/pg/postmaster.pid}") load0=$(cut -d' ' -f1 /proc/loadavg)
thread_ticks >"$dir/threads.before"
read -r busy0 idle0 < <(machine_ticks)
times >"$dir/times.before"
if [ -n "${JFR:-}" ]; then jcmd "$server" JFR.start name=measured settings=profile >/dev/null; fi
wrk -t2 -c16 -d"${seconds}s" --latency -s "$script" "http://127.0.0.1:$port" >"$dir/wrk.txt"
times >"$dir/times.after"
read -r busy1 idle1 < <(machine_ticks)
jvm1=$(ticks_of "$server") pg1=$(postgres_ticks "${PG_PID_FILE:-$dir/data/pg/postmaster.pid}") load1=$(cut -d' ' -f1 /proc/loadavg)
thread_ticks >"$dir/threads.after"
store_sizes >"$dir/sizes.after"
if [ -n "${JFR:-}" ]; then jcmd "$server" JFR.stop name=measured filename="$JFR" >/dev/null; fi

requests=$(awk '/requests in/ {print $1}' "$dir/wrk.txt")
echo "$(basename "$script"): $requests requests in ${seconds}s, load average $load0..$load1"
grep -E 'Requests/sec|non-2xx|p50' "$dir/wrk.txt"
echo "server JVM   $(((jvm1 - jvm0) * 1000000 / hz / requests)) us CPU per request"
echo "PostgreSQL   $(((pg1 - pg0) * 1000000 / hz / requests)) us CPU per request"
# The whole machine, since wrk shares it: wrk's own CPU (the script's children), the rest, idle.
jvm_us=$(((jvm1 - jvm0) * 1000000 / hz / requests)) pg_us=$(((pg1 - pg0) * 1000000 / hz / requests))
wrk_us=$((($(children_ms "$dir/times.after") - $(children_ms "$dir/times.before")) * 1000 / requests))
busy_us=$(((busy1 - busy0) * 1000000 / hz / requests))
echo "wrk          $wrk_us us CPU per request"
echo "all CPUs     $busy_us us busy per request (other processes and the kernel's own: $((busy_us - jvm_us - pg_us - wrk_us))), idle $(((idle1 - idle0) * 100 / (busy1 - busy0 + idle1 - idle0)))%"
echo "JVM threads (us per request):"
join "$dir/threads.before" "$dir/threads.after" |
  awk -v hz="$hz" -v n="$requests" '{us = ($3 - $2) * 1000000 / hz / n; if (us >= 1) printf "  %-28s %d\n", $1, us}' |
  sort -k2 -nr
if [ -s "$dir/sizes.after" ]; then
  echo "bytes kept per row written during the measured run (pg_total_relation_size):"
  join "$dir/sizes.before" "$dir/sizes.after" |
    awk '{rows = $4 - $2; if (rows > 0) printf "  %-10s %d rows, %d bytes per row\n", $1, rows, ($5 - $3) / rows}'
fi
