#!/usr/bin/env bash
# On-demand benchmark (not part of the test suite): a campaign rush against the running application and its
# PostgreSQL, then the raw ceiling of that PostgreSQL for the same insert, in one run.
#   control-plane/benchmarks/campaign-rush.sh [CLIENTS] [SECONDS] [WARM_UP_SECONDS]
# 1. Starts the packaged application (control-plane/target/essaim.jar; build it with ./mvnw -q -DskipTests package)
#    on a fresh data directory: embedded PostgreSQL and directory, as the local default.
# 2. Opens a campaign through the staff API, then CLIENTS concurrent clients post valid applications to
#    POST /api/v1/applications for WARM_UP_SECONDS (not measured; on two cores the JIT needs about half a minute
#    of this load before the application runs at its pace) then SECONDS (measured): throughput of 201s,
#    p50/p99 latency, and the count in the database against the count of 201 answers.
#    Each client has its own address (X-Forwarded-For, trusted from 127.0.0.1 as from a deployment's reverse
#    proxy), so the per-address rate limit is counted as in production, with a limit high enough not to refuse.
# 3. pgbench (-c CLIENTS) inserts the same row into the same table (same indexes) for SECONDS: the raw ceiling.
# Needs a JDK 21+ (JAVA_HOME or java on the PATH), pgbench and psql.
# OUTBOX=deferred keeps the outbox job from running during the rush (the emails stay queued, and are counted): in
# the local default it prints every message to the log, which on two cores takes about as much as the rush itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS="${1:-64}"
SECONDS_MEASURED="${2:-30}"
WARM_UP="${3:-30}"
PORT="${SERVER_PORT:-18090}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR=control-plane/target/essaim.jar
PASSWORD="bench-$(date +%s)-Pw"
RUN="$(printf '%04x' $((RANDOM % 65536)))"
DATA="$(mktemp -d /tmp/essaim-rush-XXXXXX)"
[ -f "$JAR" ] || { echo "Build the jar first: ./mvnw -q -DskipTests package"; exit 1; }
command -v pgbench >/dev/null || { echo "pgbench is needed (apt-get install postgresql-client)"; exit 1; }

cleanup() {
  [ -n "${APP:-}" ] && kill -TERM -- "-$APP" 2>/dev/null && wait "$APP" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

ESSAIM_DATA_DIR="$DATA/data" SERVER_PORT="$PORT" ESSAIM_LDAP_EMBEDDED_PORT=0 \
  ESSAIM_BOOTSTRAP_STAFF_PASSWORD="$PASSWORD" SERVER_FORWARD_HEADERS_STRATEGY=native \
  ESSAIM_APPLICATIONS_ATTEMPTS_PER_ADDRESS_PER_HOUR=100000000 \
  ESSAIM_MAIL_DELIVERY_INTERVAL="$([ "${OUTBOX:-}" = deferred ] && echo 1h || echo 10s)" \
  setsid "$JAVA" -jar "$JAR" >"$DATA/app.log" 2>&1 &
APP=$!
until grep -q 'Essaim is ready' "$DATA/app.log"; do
  kill -0 "$APP" 2>/dev/null || { echo "the application did not start:"; tail -20 "$DATA/app.log"; exit 1; }
  sleep 0.2
done
PG_PORT="$(sed -n 's/.*Embedded PostgreSQL ready on 127.0.0.1:\([0-9]*\).*/\1/p' "$DATA/app.log" | head -1)"
PSQL=(psql -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U postgres essaim)
BASE="http://localhost:$PORT"

campaign="$(curl -fsS -u "admin:$PASSWORD" -H 'Content-Type: application/json' \
  -d '{"name": "Campaign rush"}' "$BASE/api/v1/staff/campaigns" | sed 's/.*"id":\([0-9]*\).*/\1/')"
curl -fsS -u "admin:$PASSWORD" -X POST "$BASE/api/v1/staff/campaigns/$campaign/open" >/dev/null

echo "== application: $CLIENTS clients, ${WARM_UP}s warm-up, ${SECONDS_MEASURED}s measured, PostgreSQL 127.0.0.1:$PG_PORT"
"$JAVA" control-plane/benchmarks/CampaignRush.java "$BASE" "$CLIENTS" "$WARM_UP" "$SECONDS_MEASURED" "$RUN" \
  | tee "$DATA/rush.txt"
created_total="$(awk '/^created_total/ {print $2}' "$DATA/rush.txt")"
rate="$(awk '/^created_per_second/ {print $2}' "$DATA/rush.txt")"
in_db="$("${PSQL[@]}" -c "select count(*) from application where contact_email like 'rush-$RUN-%'")"
distinct="$("${PSQL[@]}" -c "select count(distinct slug) from application where contact_email like 'rush-$RUN-%'")"
mails="$("${PSQL[@]}" -c "select count(*) from mail_outbox where recipient like 'rush-$RUN-%'")"
echo "rows_in_database $in_db (distinct slugs $distinct, confirmation emails $mails)"
if [ "$in_db" = "$created_total" ] && [ "$distinct" = "$in_db" ] && [ "$mails" = "$in_db" ]; then
  echo "database_matches_201_answers yes"
else
  echo "database_matches_201_answers NO"
fi

# The same row, straight into the same table through the same PostgreSQL: the ceiling.
cat >"$DATA/insert.sql" <<SQL
\set n random(1, 9000000000000000000)
insert into application (campaign_id, state, language, organisation_name, kind, official_identifier, country,
  main_language, purpose, member_count, annual_budget, why_not_paid, slug, contact_name, contact_email, name_key,
  email_key, search_text, submitted_at, confirmation_token_hash)
values ($campaign, 'UNCONFIRMED', 'fr', 'Collectif pgbench', 'ASSOCIATION', 'W751234567', 'FR', 'fr',
  'Une épicerie solidaire tenue par des bénévoles, des repas partagés chaque mois.', 18, 4200,
  'Aucun budget pour des outils numériques.', 'p' || :n, 'Sacha Roux', 'pgbench-' || :n || '@example.org',
  'pgbench collectif', 'pgbench-' || :n || '@example.org',
  'collectif pgbench p' || :n || ' pgbench-' || :n || '@example.org w751234567', now(), lpad(:n::text, 64, '0'));
SQL
echo "== pgbench: $CLIENTS clients, ${SECONDS_MEASURED}s, one insert per transaction"
PGOPTIONS='-c client_min_messages=warning' pgbench -n -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$CLIENTS" -j 2 \
  -T "$SECONDS_MEASURED" -f "$DATA/insert.sql" -l --log-prefix="$DATA/pgbench_log" essaim 2>&1 \
  | tee "$DATA/pgbench.txt" | grep -E 'tps|latency|failed'
tps="$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$DATA/pgbench.txt")"
echo "pgbench_tps $tps"
# Per-transaction latencies (microseconds, third column of pgbench's log): the same percentiles as above.
cat "$DATA"/pgbench_log.* | awk '{print $3}' | sort -n >"$DATA/pgbench_latencies"
n="$(wc -l <"$DATA/pgbench_latencies")"
awk -v n="$n" 'NR == int(n * 0.50 + 0.999) { printf "pgbench_latency_p50_ms %.1f\n", $1 / 1000 }
               NR == int(n * 0.99 + 0.999) { printf "pgbench_latency_p99_ms %.1f\n", $1 / 1000 }' "$DATA/pgbench_latencies"
awk -v app="$rate" -v raw="$tps" 'BEGIN { printf "ratio_app_to_raw %.1f%%\n", 100 * app / raw }'
