#!/usr/bin/env bash
# Two Vigil builds under the same wrk load, in alternating windows.
#
# Why: on a shared virtual machine the same jar moves by 20-30 % from one minute to the next (a fixed
# CPU-bound loop took 1.6 s and 2.1 s of CPU ten minutes apart on 5 December 2026), so one build run
# after the other compares the minutes, not the builds. Here both servers start on fresh data
# directories, both are warmed up, then windows alternate A, B, A, B... so that each pair of windows
# shares the machine's state; only differences that hold in most pairs mean anything.
#
# usage: vigil-bench/wrk/alternate.sh A.jar B.jar vigil-bench/wrk/scan.lua [seconds] [rounds]
# env:   WARM=seconds of warm-up per server (default 60); VIGIL_DECIDE_RATE=0 for decide.lua (passed
#        to both servers); JAVA_OPTS_A / JAVA_OPTS_B = JVM options for one side only (e.g. the same
#        jar twice with JAVA_OPTS_B=-XX:+UseTransparentHugePages compares a JVM flag)
# prints one line per window: build, requests/s, p50, p99 (wrk), server JVM and PostgreSQL CPU per
# request (utime + stime from /proc), and how idle the machine's CPUs were
set -euo pipefail
jar_a=$1 jar_b=$2 script=$3 seconds=${4:-20} rounds=${5:-3} warm=${WARM:-60}
hz=$(getconf CLK_TCK)
dirs=() ports=() servers=()
trap 'for s in "${servers[@]}"; do kill "$s" 2>/dev/null || true; done' EXIT

start() {
  local jar=$1 options=$2 dir port admin
  dir=$(mktemp -d /tmp/vigil-alt.XXXXXX)
  port=$((20000 + RANDOM % 20000))
  # shellcheck disable=SC2086 # options are words
  java -Xmx1g $options -jar "$jar" serve --port "$port" --no-demo --data-dir "$dir/data" >"$dir/server.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 1 180); do grep -q listening "$dir/server.log" && break; sleep 1; done
  admin=$(cat "$dir/data/admin.key")
  curl -s -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d '{"role":"platform"}' "http://127.0.0.1:$port/v1/keys" | sed 's/.*"key":"\([^"]*\)".*/\1/' >"$dir/key"
  dirs+=("$dir")
  ports+=("$port")
}

. "$(dirname "$0")/proc-cpu.sh"
idle_ticks() { machine_ticks | cut -d' ' -f2; }

window() {
  local name=$1 i=$2 dir=${dirs[$2]} port=${ports[$2]} server=${servers[$2]}
  local jvm0 pg0 idle0 jvm1 pg1 idle1 requests
  jvm0=$(ticks_of "$server") pg0=$(postgres_ticks "$dir/data/pg/postmaster.pid") idle0=$(idle_ticks)
  VIGIL_KEY=$(cat "$dir/key") wrk -t2 -c16 -d"${seconds}s" -s "$script" "http://127.0.0.1:$port" >"$dir/wrk.txt"
  jvm1=$(ticks_of "$server") pg1=$(postgres_ticks "$dir/data/pg/postmaster.pid") idle1=$(idle_ticks)
  requests=$(awk '/requests in/ {print $1}' "$dir/wrk.txt")
  printf '%s %9s/s  %s  server %3d us  PostgreSQL %3d us  idle %2d %%\n' "$name" \
    "$(awk '/Requests\/sec/ {printf "%d", $2}' "$dir/wrk.txt")" \
    "$(grep -o 'p50 [0-9.]* ms.*p99 [0-9.]* ms' "$dir/wrk.txt" | sed 's/, p90 [0-9.]* ms//')" \
    $(((jvm1 - jvm0) * 1000000 / hz / requests)) $(((pg1 - pg0) * 1000000 / hz / requests)) \
    $(((idle1 - idle0) * 100 / hz / seconds / $(nproc)))
}

start "$jar_a" "${JAVA_OPTS_A:-}"
start "$jar_b" "${JAVA_OPTS_B:-}"
for i in 0 1; do
  VIGIL_KEY=$(cat "${dirs[$i]}/key") wrk -t2 -c16 -d"${warm}s" -s "$script" "http://127.0.0.1:${ports[$i]}" >/dev/null
done
for _ in $(seq 1 "$rounds"); do
  window A 0
  window B 1
done
