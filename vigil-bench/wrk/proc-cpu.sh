# CPU time from /proc for the wrk scripts here (sourced, not run): clock ticks (utime + stime) of a
# process or thread, and of a PostgreSQL server with all its child processes.

# ticks_of PID (or PID/task/TID): 0 when it has gone
ticks_of() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# postgres_ticks PATH/TO/postmaster.pid: the postmaster and every backend and helper it started
postgres_ticks() {
  local postmaster total=0
  postmaster=$(head -1 "$1")
  for pid in $postmaster $(pgrep -P "$postmaster"); do total=$((total + $(ticks_of "$pid"))); done
  echo "$total"
}

# machine_ticks: "busy idle" clock ticks of all CPUs since boot (/proc/stat; idle counts iowait)
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat; }

# children_ms FILE: CPU milliseconds of the shell's finished children, from the output of the
# `times` builtin saved in FILE (run it in the script's own shell: a subshell starts from zero)
children_ms() {
  awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000 }' "$1"
}
