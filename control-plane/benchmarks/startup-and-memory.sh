#!/usr/bin/env bash
# On-demand benchmark (not part of the test suite): time from the README's run command to "Essaim is ready",
# and resident memory once idle, RUNS times. Run from anywhere, with JAVA_HOME on a JDK 21+:
#   control-plane/benchmarks/startup-and-memory.sh [RUNS] [IDLE_SECONDS]
# The tree should already be built (./mvnw -q -DskipTests install) so the numbers are about starting, not compiling.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-3}"
IDLE="${2:-30}"
PORT="${SERVER_PORT:-18080}"
DATA="$(mktemp -d /tmp/essaim-bench-XXXXXX)"
trap 'rm -rf "$DATA"' EXIT

# Proportional set size: shared pages (PostgreSQL's shared buffers, the JDK's libraries) are split between the
# processes that share them instead of being counted once per process, as plain RSS would.
rss_kib() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }

printf 'run  start      ready_s  app_jvm_MiB  maven_jvm_MiB  postgres_MiB   (memory: PSS once idle)\n'
for run in $(seq 1 "$RUNS"); do
  kind=$([ "$run" -eq 1 ] && echo first || echo restart)
  log="$DATA/run-$run.log"
  begin=$(date +%s.%N)
  ESSAIM_DATA_DIR="$DATA/data" SERVER_PORT="$PORT" ESSAIM_LDAP_EMBEDDED_PORT=0 \
    setsid ./mvnw -q -DskipTests package spring-boot:run -pl control-plane -am >"$log" 2>&1 &
  group=$!
  until grep -q 'Essaim is ready' "$log"; do
    if ! kill -0 "$group" 2>/dev/null; then echo "run $run failed:"; tail -20 "$log"; exit 1; fi
    sleep 0.1
  done
  ready=$(echo "$(date +%s.%N) - $begin" | bc)
  sleep "$IDLE"
  app=$(pgrep -f 'org.essaim.EssaimApplication' | head -1)
  maven=$(pgrep -f 'org.codehaus.plexus.classworlds.launcher.Launcher.*spring-boot:run' | head -1 || true)
  postgres=0
  for pid in $(pgrep -f "postgres -D $DATA" || true) $(pgrep -P "$(pgrep -f "postgres -D $DATA" | head -1 || echo 1)" || true); do
    postgres=$((postgres + $(rss_kib "$pid")))
  done
  maven_rss=0
  [ -n "$maven" ] && maven_rss=$(rss_kib "$maven")
  printf '%-4s %-9s  %7.1f  %11d  %13d  %12d\n' "$run" "$kind" "$ready" $(( $(rss_kib "$app") / 1024 )) \
    $((maven_rss / 1024)) $((postgres / 1024))
  # SIGTERM, not SIGINT: a background job of a script starts with SIGINT ignored. Both take the same graceful path.
  kill -TERM -- "-$group" 2>/dev/null || true
  wait "$group" 2>/dev/null || true
  grep -q 'Embedded directory stopped and saved' "$log" || { echo "run $run: no clean shutdown"; tail -20 "$log"; exit 1; }
done
