#!/usr/bin/env bash
# Load run against the server started by `make serve` on 127.0.0.1 (and nowhere else).
#
#   bench/load.sh [PATH]        e.g. bench/load.sh /stances/   (default: /)
#
# wrk (apt-get install -y wrk) with CONNECTIONS (50) clients for DURATION (20s), signed in through
# a session cookie made by bench/session_cookie.py. Run it with the same DATABASE_URL and
# SECRET_KEY as the server (with `make serve LOCAL=1`, the key in .venv/local-secret-key is used).
# Prints requests/s, latency percentiles and the number of non-2xx responses.
set -euo pipefail
cd "$(dirname "$0")/.."

path="${1:-/}"
port="${PORT:-8000}"
connections="${CONNECTIONS:-50}"
duration="${DURATION:-20s}"
threads="${THREADS:-2}"
case "$path" in
  /*) ;;
  *) echo "load.sh: give a path starting with /, not a URL: the target is always 127.0.0.1" >&2; exit 2 ;;
esac
case "$port" in
  ''|*[!0-9]*) echo "load.sh: PORT must be a number" >&2; exit 2 ;;
esac
command -v wrk >/dev/null || { echo "load.sh: wrk not found (apt-get install -y wrk)" >&2; exit 2; }
if [ -z "${SECRET_KEY:-}" ] && [ -f .venv/local-secret-key ]; then
  SECRET_KEY="$(cat .venv/local-secret-key)"
  export SECRET_KEY
fi
url="http://127.0.0.1:${port}${path}"
if ! curl -fsS -o /dev/null --max-time 30 "http://127.0.0.1:${port}/accounts/login/"; then
  echo "load.sh: no server answering on 127.0.0.1:${port} (start it with: make serve LOCAL=1)" >&2
  exit 2
fi
session="$(DEBUG=0 .venv/bin/python bench/session_cookie.py)"
status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sessionid=${session}" "$url")"
echo "GET ${url} signed in -> HTTP ${status}; wrk -t${threads} -c${connections} -d${duration}"
[ "$status" = 200 ] || { echo "load.sh: expected HTTP 200 before loading" >&2; exit 1; }
wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s --latency \
  -H "Cookie: sessionid=${session}" -s bench/load.lua "$url"
