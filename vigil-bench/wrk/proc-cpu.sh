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
