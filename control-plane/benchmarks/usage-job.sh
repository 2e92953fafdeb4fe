#!/usr/bin/env bash
# On-demand benchmark (not part of the test suite): one run of the usage job over SPACES spaces, with each source
# mocked at the HTTP level.
#   control-plane/benchmarks/usage-job.sh [SPACES] [LATENCY_MS] [CONCURRENCY]
# 1. Starts UsageSources.java: a local HTTP server answering like each workspace's serverinfo app (checking its
#    NC-Token) and like Prometheus' query API, every answer after LATENCY_MS (default 50 ms); 1% of the workspaces
#    answer 500.
# 2. Starts the packaged application (control-plane/target/essaim.jar; ./mvnw -q -DskipTests package) on a fresh data
#    directory with essaim.usage.source=serverinfo pointing at that server, essaim.usage.concurrency=CONCURRENCY
#    (default 16), seeds SPACES ready spaces straight into its PostgreSQL, and times POST /api/v1/staff/usage/collections
#    (the job's own work, run on demand) twice: cold, then warm. The spaces have no directory subtree, so the
#    accounts step costs one directory lookup per space and records nothing.
# 3. Removes the seeded spaces, restarts with essaim.usage.source=prometheus, seeds again and times two runs.
# Needs a JDK 21+ (JAVA_HOME or java on the PATH), psql and curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
SPACES="${1:-10000}"
LATENCY="${2:-50}"
CONCURRENCY="${3:-16}"
PORT="${SERVER_PORT:-18092}"
STUB_PORT="${STUB_PORT:-18093}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR=control-plane/target/essaim.jar
PASSWORD="bench-$(date +%s)-Pw"
KEY="bench-serverinfo-key-$(date +%s)-0123456789abcdef"
DATA="$(mktemp -d /tmp/essaim-usage-XXXXXX)"
[ -f "$JAR" ] || { echo "Build the jar first: ./mvnw -q -DskipTests package"; exit 1; }

cleanup() {
  [ -n "${APP:-}" ] && kill -TERM -- "-$APP" 2>/dev/null && wait "$APP" 2>/dev/null || true
  [ -n "${STUB:-}" ] && kill "$STUB" 2>/dev/null && wait "$STUB" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

"$JAVA" control-plane/benchmarks/UsageSources.java "$STUB_PORT" "$LATENCY" "$KEY" "$SPACES" bench- >"$DATA/stub.log" 2>&1 &
STUB=$!
until grep -q listening "$DATA/stub.log"; do kill -0 "$STUB" 2>/dev/null || { cat "$DATA/stub.log"; exit 1; }; sleep 0.2; done

start_app() {
  : >"$DATA/app.log"
  ESSAIM_DATA_DIR="$DATA/data" SERVER_PORT="$PORT" ESSAIM_LDAP_EMBEDDED_PORT=0 ESSAIM_BOOTSTRAP_STAFF_PASSWORD="$PASSWORD" \
    ESSAIM_MAIL_DELIVERY_INTERVAL=1h ESSAIM_USAGE_SOURCE="$1" ESSAIM_USAGE_CONCURRENCY="$CONCURRENCY" ESSAIM_USAGE_INTERVAL=24h \
    ESSAIM_USAGE_SERVERINFO_URL="http://127.0.0.1:$STUB_PORT/{slug}" ESSAIM_USAGE_SERVERINFO_TOKEN_KEY="$KEY" \
    ESSAIM_USAGE_PROMETHEUS_URL="http://127.0.0.1:$STUB_PORT/prometheus" \
    setsid "$JAVA" -jar "$JAR" >"$DATA/app.log" 2>&1 &
  APP=$!
  until grep -q 'Essaim is ready' "$DATA/app.log"; do
    kill -0 "$APP" 2>/dev/null || { echo "the application did not start:"; tail -20 "$DATA/app.log"; exit 1; }
    sleep 0.2
  done
  PG_PORT="$(sed -n 's/.*Embedded PostgreSQL ready on 127.0.0.1:\([0-9]*\).*/\1/p' "$DATA/app.log" | head -1)"
  PSQL=(psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres essaim)
}

stop_app() {
  kill -TERM -- "-$APP" 2>/dev/null; wait "$APP" 2>/dev/null || true; APP=
}

seed() {
  "${PSQL[@]}" <<SQL
insert into space (slug, display_name, language, referent_name, referent_email, name_key, email_key, state,
  created_at, created_by, handover_pending)
select 'bench-' || i, 'Association ' || i, 'fr', 'Referent ' || i, 'referent-' || i || '@example.org',
  'association ' || i, 'referent-' || i || '@example.org', 'READY', now(), 'benchmark', false
from generate_series(1, $SPACES) as i;
analyze space;
SQL
}

unseed() {
  "${PSQL[@]}" -c "delete from space_usage_day where space_id in (select id from space where slug like 'bench-%');
    delete from space_usage where space_id in (select id from space where slug like 'bench-%');
    delete from audit_event where target like 'space:bench-%'; delete from mail_outbox where recipient like 'referent-%';
    delete from space where slug like 'bench-%'"
}

collect() {
  local started ended
  started=$(date +%s%N)
  report="$(curl -fsS -u "admin:$PASSWORD" -X POST "http://localhost:$PORT/api/v1/staff/usage/collections")"
  ended=$(date +%s%N)
  echo "  $1: $(( (ended - started) / 1000000 )) ms end to end; report $report"
}

for source in serverinfo prometheus; do
  echo "== $source: $SPACES spaces, ${LATENCY} ms per answer, concurrency $CONCURRENCY"
  start_app "$source"
  seed
  collect cold
  collect warm
  echo "  rows: $("${PSQL[@]}" -c "select count(*) || ' latest, ' || (select count(*) from space_usage_day) || ' history, '
    || (select count(*) from mail_outbox where template = 'storage-threshold') || ' alert emails queued'
    from space_usage where storage_used_bytes is not null")"
  unseed
  stop_app
done
echo "== stub: $(tail -1 "$DATA/stub.log")"
