#!/usr/bin/env bash
# Latent Lab for a classroom: several `streamlit run app.py` workers behind nginx, one command.
#
#   deploy/serve.sh [WORKERS] [PORT]        # default: one worker per core, port 8080
#
# Why several processes: a Streamlit server runs every session's script in threads of one Python
# process, so page reruns share one GIL (at most ~1 core of Python work). N workers use N cores.
# Sticky sessions: a browser keeps one worker for its websocket *and* its uploads (an upload is held in
# the memory of the worker that received it). nginx gives each new browser a random `latentlab` cookie
# and hashes on it (open-source nginx has no `sticky`; ip_hash would put a whole classroom behind one
# NAT on one worker). Needs Debian's nginx: apt-get install -y nginx-light (or nginx).
# The classroom (follow the teacher, live answers) is shared by the workers through Redis: a private
# redis-server on a unix socket in the run directory (apt-get install -y redis-server), unless
# LATENT_LAB_REDIS_URL names one already; without Redis each worker keeps its own class. If Redis stops,
# the workers go on alone and resume sharing when it is back (core/classroom.py). A worker that dies is
# started again; its students reconnect to another worker meanwhile.
# Stop with Ctrl-C or SIGTERM: workers, nginx and the private Redis stop together.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORKERS="${1:-$(nproc)}"
PORT="${2:-8080}"
FIRST_WORKER_PORT="${LATENT_LAB_WORKER_PORT:-8601}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"
RUN="$(mktemp -d "${TMPDIR:-/tmp}/latent-lab-deploy.XXXXXX")"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$NGINX" ] || { echo "nginx is missing: apt-get install -y nginx-light" >&2; exit 1; }

# One secret for all workers, so a cookie signed by one is valid on another (Streamlit takes it only from
# the environment or a config file).
STREAMLIT_SERVER_COOKIE_SECRET="$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')"
export STREAMLIT_SERVER_COOKIE_SECRET
# Streamlit runs a full gc.collect(2) after every script run by default; with torch, plotly and sklearn
# loaded that is most of a rerun's CPU (bench/LOAD.md). Python's own GC still runs.
export STREAMLIT_RUNNER_POST_SCRIPT_GC="${STREAMLIT_RUNNER_POST_SCRIPT_GC:-false}"

pids=()
stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for f in "$RUN"/*.pid; do kill "$(cat "$f" 2>/dev/null)" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$RUN"
}
trap stop INT TERM EXIT

# The classroom's Redis: private to this run (a unix socket only its owner may open; no TCP port, nothing
# written to disk). Not among the processes whose end stops everything: the workers survive its loss.
if [ -z "${LATENT_LAB_REDIS_URL:-}" ]; then
    if command -v redis-server >/dev/null; then
        redis-server --port 0 --unixsocket "$RUN/redis.sock" --unixsocketperm 700 --save "" \
            --appendonly no --dir "$RUN" --pidfile "$RUN/redis.pid" >"$RUN/redis.log" 2>&1 &
        until [ -S "$RUN/redis.sock" ]; do
            kill -0 "$!" 2>/dev/null || { echo "redis-server failed:" >&2; cat "$RUN/redis.log" >&2; exit 1; }
            sleep 0.1
        done
        export LATENT_LAB_REDIS_URL="unix://$RUN/redis.sock"
    else
        echo "redis-server is missing (apt-get install -y redis-server): each worker keeps its own class" >&2
    fi
fi

upstreams=""
for i in $(seq 0 $((WORKERS - 1))); do
    port=$((FIRST_WORKER_PORT + i))
    # Each worker listens on loopback only; nginx is the one door. Same options as a single server
    # (.streamlit/config.toml: XSRF on, usage stats off), plus the shared secret.
    # Started again if it dies (its pid in worker-$i.pid); a worker that cannot start at all stops the run.
    (
        cd "$ROOT"
        while :; do
            "$PYTHON" -m streamlit run app.py --server.address 127.0.0.1 --server.port "$port" \
                --server.headless true &
            echo "$!" >"$RUN/worker-$i.pid"
            started=$SECONDS
            wait "$!" || true
            [ $((SECONDS - started)) -ge 30 ] || exit 1
            echo "worker $i ended; starting it again" >&2
        done
    ) >>"$RUN/worker-$i.log" 2>&1 &
    pids+=("$!")
    upstreams+="        server 127.0.0.1:$port max_fails=0;"$'\n'
done

conf="$(sed -e "s|@PORT@|$PORT|" -e "s|@RUN@|$RUN|g" "$ROOT/deploy/nginx.conf")"
printf '%s\n' "${conf//@UPSTREAMS@/$upstreams}" >"$RUN/nginx.conf"
"$NGINX" -t -q -c "$RUN/nginx.conf" -p "$RUN"
"$NGINX" -c "$RUN/nginx.conf" -p "$RUN" -g "daemon off;" &
pids+=("$!")

for i in $(seq 0 $((WORKERS - 1))); do   # ready when every worker answers its health check
    until curl -fs "http://127.0.0.1:$((FIRST_WORKER_PORT + i))/_stcore/health" >/dev/null 2>&1; do
        kill -0 "${pids[$i]}" 2>/dev/null || { echo "worker $i failed:" >&2; cat "$RUN/worker-$i.log" >&2; exit 1; }
        sleep 0.2
    done
done
echo "Latent Lab: $WORKERS workers behind http://0.0.0.0:$PORT (logs in $RUN)${LATENT_LAB_REDIS_URL:+, class through Redis}"
wait -n "${pids[@]}"   # nginx died, or a worker that cannot start: stop everything
