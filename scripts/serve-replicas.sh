#!/usr/bin/env bash
# Serve the FAQ publicly: N replicas of faq-server on free loopback ports, Debian's nginx in front
# on FAQ_HOST:FAQ_PORT (default 127.0.0.1:8080), with the hardened config generated from
# deploy/nginx/faq.conf.template. Usage: scripts/serve-replicas.sh [N]   (N replicas, default 2)
#
# Why: the server's HTTP library (Debian 12's cpp-httplib 0.11.4) cannot safely face clients
# (compressed-body bombs, unbounded chunked bodies and headers, slow clients; see issue 9), so
# anything reachable from elsewhere goes through this nginx. ./run.sh stays the one-process,
# loopback-only way.
#
# Environment (relative paths are relative to the repository root, as for run.sh):
#   FAQ_SERVER_BIN   the server binary (build/server/faq-server)
#   FAQ_STORE        the store (data/faq.db); ./scripts/setup.sh runs first only if it or the
#                    binary is missing
#   FAQ_HOST, FAQ_PORT   where nginx listens (127.0.0.1, 8080); replicas always bind 127.0.0.1
#   FAQ_CONTEXT_SECRET   shared by every replica so a conversation continues on any of them;
#                    unset = a random one for this run
#   FAQ_NGINX_RATE, FAQ_NGINX_BURST   nginx limit_req per client address: requests/s (20) and
#                    burst (2 × rate); raise them for a load test from one address
#   FAQ_RUN_DIR      where replica-1.pid …, nginx.pid and the logs go (default: the temp prefix,
#                    removed on exit; set it to keep the logs)
#   FAQ_MAX_BODY_BYTES   nginx's body cap; default: max_body_bytes from the config file the
#                    replicas read (FAQ_CONFIG, else config/faq.yaml), else 65536
#   FAQ_NGINX_BIN    the nginx binary (nginx on PATH, else /usr/sbin/nginx)
#   Every other FAQ_* variable reaches the replicas unchanged (they inherit the environment).
#
# It stays in the foreground, prints `serving on http://HOST:PORT (N replicas, nginx pid P)` when
# nginx answers, and then supervises:
#   - a replica that dies is started again on the same port (nginx sends its requests to the
#     others meanwhile, retrying the ones it lost: no client sees the failure); one that dies 5
#     times within a minute, or cannot start again, stops everything;
#   - SIGHUP is passed to every replica, which reloads its store (FAQ_STORE: replace it with the
#     indexer, then send SIGHUP; each replica refuses a broken store and keeps the old one);
#   - SIGINT/SIGTERM, or nginx dying, stop everything it started (replicas finish the requests in
#     flight) and remove the temporary prefix. (Started in the background by another script, it
#     cannot see SIGINT: bash ignores it there and cannot trap it. Use SIGTERM.)
# The run folder holds replica-I.pid and replica-I.port: each replica's /metrics and /admin/reload
# are reachable there, on loopback, never through nginx.
set -euo pipefail
# bash 5.2 would otherwise expand '&' in the replacement of ${var//pattern/replacement}.
shopt -u patsub_replacement 2>/dev/null || true
cd "$(dirname "${BASH_SOURCE[0]}")/.."

die() { echo "serve-replicas: $*" >&2; exit 1; }

# --- Process bookkeeping and clean-up (first, so that a signal at any later point cleans up) ----
replica_pids=()
nginx_pid=""
nginx_workers=()   # noted once nginx answers: if the master dies, its workers keep serving
prefix=""
run_dir=""

# True while PID runs (a zombie that bash has not reaped yet counts as gone).
alive() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

# Sets `children` to the PIDs whose parent is $1 (nginx's workers), from /proc (no procps needed).
# Into a variable, not printed for `< <(…)`: bash 5.2 sometimes loses a trapped SIGTERM that
# arrives during a process substitution (seen 5 times in 1000), and the script would never stop.
children=()
children_of() {
  local f stat
  children=()
  for f in /proc/[0-9]*/stat; do
    read -r stat 2>/dev/null <"$f" || continue
    stat=${stat##*) }
    set -- "$1" $stat          # state ppid …
    [ "$3" = "$1" ] && { f=${f#/proc/}; children+=("${f%/stat}"); }
  done
  return 0
}

# True if PID is (still) an nginx worker process, not a recycled PID.
is_nginx_worker() {
  alive "$1" && [[ $(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) == "nginx: worker"* ]]
}

# SIGTERM the given PIDs, give them 10 s to finish what they are doing, then SIGKILL.
stop_pids() {
  local pid waited=0 left
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  while :; do
    left=()
    for pid in "$@"; do alive "$pid" && left+=("$pid"); done
    [ ${#left[@]} -eq 0 ] && break
    if [ "$waited" -ge 100 ]; then
      echo "serve-replicas: killing ${left[*]} (did not stop within 10 s)" >&2
      for pid in "${left[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}

cleanup() {
  local rc=$? pid
  trap - EXIT
  trap '' INT TERM HUP          # a second Ctrl-C must not interrupt the clean-up
  # nginx first, so that no new request reaches a replica that is stopping. Its workers stop with
  # the master; but a master that died (or had to be killed) leaves them serving, so the ones
  # noted at start-up and the current ones are checked too.
  if [ -n "$nginx_pid" ]; then
    children_of "$nginx_pid"
    stop_pids "$nginx_pid"
    for pid in "${children[@]}" "${nginx_workers[@]}"; do
      is_nginx_worker "$pid" && kill -KILL "$pid" 2>/dev/null
    done
  fi
  [ ${#replica_pids[@]} -gt 0 ] && stop_pids "${replica_pids[@]}"
  if [ -n "$run_dir" ]; then
    rm -f "$run_dir"/replica-*.pid "$run_dir"/replica-*.port "$run_dir/nginx.pid"
  fi
  [ -n "$prefix" ] && rm -rf "$prefix"
  exit "$rc"
}
trap cleanup EXIT
# A requested stop is a normal end; the EXIT trap does the work.
trap 'exit 0' INT TERM
# SIGHUP: every replica reloads its store. Noted here, passed on by the loop at the end (a trap
# runs between commands; the loop's `wait -n` returns at once when a signal arrives).
reload_requested=false
trap 'reload_requested=true' HUP

n="${1:-2}"
[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N]   (N replicas, default 2)" >&2; exit 2; }
server_bin="${FAQ_SERVER_BIN:-build/server/faq-server}"
store="${FAQ_STORE:-data/faq.db}"
host="${FAQ_HOST:-127.0.0.1}"
port="${FAQ_PORT:-8080}"
rate="${FAQ_NGINX_RATE:-20}"
burst="${FAQ_NGINX_BURST:-$((rate * 2))}"
template=deploy/nginx/faq.conf.template
[[ $port =~ ^[0-9]+$ ]] || die "FAQ_PORT must be a port number, not '$port'"
[[ $rate =~ ^[1-9][0-9]*$ ]] || die "FAQ_NGINX_RATE must be a positive integer (requests/s), not '$rate'"
[[ $burst =~ ^[0-9]+$ ]] || die "FAQ_NGINX_BURST must be a non-negative integer, not '$burst'"

# nginx must refuse bodies above the replicas' own limit: take it from where the replicas do
# (FAQ_MAX_BODY_BYTES, else the config file's top-level max_body_bytes, else the built-in 65536).
max_body="${FAQ_MAX_BODY_BYTES:-}"
config_file="${FAQ_CONFIG:-config/faq.yaml}"
if [ -z "$max_body" ] && [ -f "$config_file" ]; then
  max_body=$(sed -n 's/^max_body_bytes:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$config_file" | tail -n 1)
fi
max_body="${max_body:-65536}"
[[ $max_body =~ ^[0-9]+$ ]] || die "max_body_bytes must be a number of bytes, not '$max_body'"

nginx_bin="${FAQ_NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}"
[ -x "$nginx_bin" ] || die "nginx not found (apt-get install nginx-light, or set FAQ_NGINX_BIN)"
if [ ! -x "$server_bin" ] || [ ! -f "$store" ]; then
  ./scripts/setup.sh >&2
fi
[ -x "$server_bin" ] || die "no server binary at $server_bin"
[ -f "$store" ] || die "no store at $store"

# Where to reach nginx from here, and a check that nothing else holds the port: the readiness
# probe below must not mistake another server for ours.
case "$host" in
  0.0.0.0) probe_host=127.0.0.1 ;;
  ::) probe_host=::1 ;;
  *) probe_host=$host ;;
esac
if (exec 3<>"/dev/tcp/$probe_host/$port") 2>/dev/null; then
  die "$host:$port is already in use (set FAQ_PORT)"
fi

# Print the last lines of a log to stderr and fail.
fail_with_log() {
  echo "serve-replicas: $1" >&2
  [ -f "$2" ] && { echo "--- last lines of $2:" >&2; tail -n 20 "$2" >&2; }
  exit 1
}

# The HTTP status of GET PATH on HOST:PORT, or nothing. Plain bash (/dev/tcp): no curl needed.
http_status() {
  ( exec 3<>"/dev/tcp/$1/$2"
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$3" "$1" >&3
    IFS=' ' read -r -t 5 _ code _ <&3
    printf '%s' "$code" ) 2>/dev/null || true
}

# --- Temporary prefix and run folder -----------------------------------------------------------
prefix=$(mktemp -d "${TMPDIR:-/tmp}/faq-edge.XXXXXX")
run_dir="${FAQ_RUN_DIR:-$prefix}"
mkdir -p "$run_dir"
run_dir=$(cd "$run_dir" && pwd)
# These paths go into nginx.conf unquoted; nginx would read '$', ';', '{', spaces … as syntax.
for p in "$prefix" "$run_dir"; do
  [[ $p =~ ^[A-Za-z0-9._/+-]+$ ]] || die "unusable path for nginx (use letters, digits, . _ / + -): $p"
done

if [ "$(id -u)" -eq 0 ]; then
  # As root, nginx's workers would run as nobody anyway; say so, and let them reach the temp
  # folders nginx creates (and chowns to them) in the prefix: traverse, not list.
  user_line="user nobody $(id -gn nobody 2>/dev/null || echo nogroup);"
  chmod 711 "$prefix"
else
  user_line="# user: not started as root, so the workers run as $(id -un)"
fi

# Replicas verify each other's conversation contexts with one secret (given to them only).
context_secret="${FAQ_CONTEXT_SECRET:-}"
if [ -z "$context_secret" ]; then
  context_secret=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')
fi

# --- Replicas ----------------------------------------------------------------------------------
# Port 0: each replica takes a free port itself and reports it (no race between finding a free
# port and binding it). A replica started again takes its old port, which nginx knows. Flags
# override FAQ_HOST/FAQ_PORT/FAQ_STORE, which are nginx's here.
start_replica() {  # I PORT
  local i=$1 port=$2
  # Created here, not only by the child's redirection: on a busy machine the child may not have
  # opened it yet when the loop below first reads it.
  touch "$run_dir/replica-$i.log"
  FAQ_CONTEXT_SECRET="$context_secret" \
    "$server_bin" --host 127.0.0.1 --port "$port" --store "$store" >>"$run_dir/replica-$i.log" 2>&1 &
  replica_pids[i - 1]=$!
  echo "$!" >"$run_dir/replica-$i.pid"
}
for i in $(seq 1 "$n"); do
  : >"$run_dir/replica-$i.log"
  start_replica "$i" 0
done

ports=()
deadline=$((SECONDS + 60))
for i in $(seq 1 "$n"); do
  pid=${replica_pids[i - 1]}
  log="$run_dir/replica-$i.log"
  while :; do
    p=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$log" 2>/dev/null | head -n 1) || p=""
    [ -n "$p" ] && break
    alive "$pid" || fail_with_log "replica $i (pid $pid) exited during start-up" "$log"
    [ "$SECONDS" -lt "$deadline" ] || fail_with_log "replica $i did not start within 60 s" "$log"
    sleep 0.1
  done
  ports+=("$p")
  echo "$p" >"$run_dir/replica-$i.port"
done
# Listening is not answering: nginx starts only once every replica answers /healthz.
for i in $(seq 1 "$n"); do
  until [ "$(http_status 127.0.0.1 "${ports[i - 1]}" /healthz)" = 200 ]; do
    alive "${replica_pids[i - 1]}" || fail_with_log "replica $i exited before answering" "$run_dir/replica-$i.log"
    [ "$SECONDS" -lt "$deadline" ] || fail_with_log "replica $i did not answer /healthz within 60 s" "$run_dir/replica-$i.log"
    sleep 0.1
  done
done

# --- nginx -------------------------------------------------------------------------------------
upstreams=""
for p in "${ports[@]}"; do
  upstreams+="        server 127.0.0.1:$p max_fails=1 fail_timeout=5s;"$'\n'
done
upstreams=${upstreams%$'\n'}
if [[ $host == *:* ]]; then listen="[$host]:$port"; else listen="$host:$port"; fi

# Substitute placeholders outside comments only (the comments document them by name).
conf=""
while IFS= read -r line || [ -n "$line" ]; do
  if [[ ! $line =~ ^[[:space:]]*# ]]; then
    line=${line//@USER@/$user_line}
    line=${line//@PREFIX@/$prefix}
    line=${line//@RUN_DIR@/$run_dir}
    line=${line//@LISTEN@/$listen}
    line=${line//@UPSTREAMS@/$upstreams}
    line=${line//@MAX_BODY@/$max_body}
    line=${line//@RATE@/$rate}
    line=${line//@BURST@/$burst}
    [[ $line =~ @[A-Z_]+@ ]] && die "unknown placeholder ${BASH_REMATCH[0]} in $template"
  fi
  conf+="$line"$'\n'
done <"$template"
printf '%s' "$conf" >"$prefix/nginx.conf"

nginx_args=(-p "$prefix/" -c "$prefix/nginx.conf" -e "$prefix/error.log")
"$nginx_bin" -t -q "${nginx_args[@]}" || fail_with_log "nginx rejected the generated $prefix/nginx.conf" "$prefix/error.log"
# In the foreground (daemon off) as our child, so that we see it die and stop it by its PID.
"$nginx_bin" "${nginx_args[@]}" -g 'daemon off;' &
nginx_pid=$!

deadline=$((SECONDS + 30))
# nginx writes its pid file (pid directive) only after it has bound the listening socket: until
# then, whatever answers on the port is not our nginx.
until [ "$(cat "$run_dir/nginx.pid" 2>/dev/null)" = "$nginx_pid" ] &&
      [ "$(http_status "$probe_host" "$port" /healthz)" = 200 ]; do
  alive "$nginx_pid" || fail_with_log "nginx exited during start-up" "$run_dir/error.log"
  [ "$SECONDS" -lt "$deadline" ] || fail_with_log "nginx did not answer on $listen within 30 s" "$run_dir/error.log"
  sleep 0.1
done

children_of "$nginx_pid"
nginx_workers=("${children[@]}")

echo "run folder: $run_dir"
if [[ $host == *:* ]]; then url_host="[$host]"; else url_host=$host; fi
echo "serving on http://$url_host:$port ($n replicas, nginx pid $nginx_pid)"

# --- Foreground: supervise until a signal, or until nginx dies ----------------------------------
restarts=()         # per replica: restarts within the current minute
restart_window=()   # per replica: when that minute began (SECONDS)
declare -A exit_status=()  # PID → its exit status, when `wait -n` reaped it

# Starts replica I again on its port, once it has died, and waits until it answers.
restart_replica() {
  local i=$1 pid=${replica_pids[i - 1]} port=${ports[i - 1]} log="$run_dir/replica-$i.log" status=0 deadline
  if [ -n "${exit_status[$pid]:-}" ]; then
    status=${exit_status[$pid]}
    unset "exit_status[$pid]"
  else
    wait "$pid" 2>/dev/null || status=$?
  fi
  if [ $((SECONDS - ${restart_window[i - 1]:-0})) -gt 60 ]; then
    restart_window[i - 1]=$SECONDS
    restarts[i - 1]=0
  fi
  restarts[i - 1]=$((${restarts[i - 1]:-0} + 1))
  [ "${restarts[i - 1]}" -le 5 ] || fail_with_log "replica $i died 5 times within a minute; stopping everything" "$log"
  echo "serve-replicas: replica $i (pid $pid) exited with status $status; starting it again on port $port" >&2
  start_replica "$i" "$port"
  deadline=$((SECONDS + 60))
  until [ "$(http_status 127.0.0.1 "$port" /healthz)" = 200 ]; do
    alive "${replica_pids[i - 1]}" || fail_with_log "replica $i could not start again on port $port; stopping everything" "$log"
    [ "$SECONDS" -lt "$deadline" ] || fail_with_log "replica $i did not answer /healthz within 60 s of its restart" "$log"
    sleep 0.1
  done
  echo "serve-replicas: replica $i serves again (pid ${replica_pids[i - 1]})" >&2
}

while :; do
  if $reload_requested; then
    reload_requested=false
    echo "serve-replicas: SIGHUP: the replicas reload $store" >&2
    for pid in "${replica_pids[@]}"; do kill -HUP "$pid" 2>/dev/null || true; done
  fi
  for i in $(seq 1 "$n"); do
    alive "${replica_pids[i - 1]}" || restart_replica "$i"
  done
  alive "$nginx_pid" || fail_with_log "nginx died; stopping everything" "$run_dir/error.log"
  # Returns when any of them ends (its status noted for the restart message), or at once when a
  # signal arrives (then the trap runs).
  ended="" status=0
  wait -n -p ended "${replica_pids[@]}" "$nginx_pid" 2>/dev/null || status=$?
  if [ -n "${ended:-}" ]; then
    exit_status[$ended]=$status
  elif [ "$status" -ne 0 ] && [ "$status" -le 128 ]; then
    sleep 1  # nothing to wait for (should not happen): do not spin
  fi
done
