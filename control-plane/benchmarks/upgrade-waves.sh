#!/usr/bin/env bash
# On-demand benchmark (not part of the test suite): a rollout of new app versions over a fleet of 10,000 spaces.
#   control-plane/benchmarks/upgrade-waves.sh [SPACES] [REQUESTS]
# Starts the packaged application (control-plane/target/essaim.jar; ./mvnw -q -DskipTests package) on a fresh data
# directory (the local default), seeds SPACES spaces straight into its PostgreSQL, then times:
# 1. starting a rollout through the staff API: planning every space into a canary and growing waves (10, x4) and
#    starting the canary;
# 2. the upgrade job judging the last and biggest wave (6,590 of 10,000): its spaces are put by SQL in the state a
#    cluster would leave them (Ready, reporting the new versions), the waves before it healthy, and the job (every
#    second here) is timed by its own log line; with no wave left it also looks for latecomers and completes;
# 3. REQUESTS sequential reads of the rollout's page (signed-in session) and of the API (p50, p95, max);
# 4. rolling the completed rollout back: every one of the SPACES spaces gets its previous versions and is handed to
#    provisioning within the request.
# The in-process provisioner only ever sees the canary's spaces and the rolled-back ones (nothing runs: no cluster).
# Times are measured by a client on the same machine. KEEP=1 keeps the application's log in /tmp/upgrade-bench.log.
# Needs a JDK 21+ (JAVA_HOME or java on the PATH), curl, psql.
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT="${1:-10000}"
REQUESTS="${2:-100}"
PORT="${SERVER_PORT:-18093}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR=control-plane/target/essaim.jar
PASSWORD="bench-$(date +%s)-Pw"
DATA="$(mktemp -d /tmp/essaim-upgrades-XXXXXX)"
[ -f "$JAR" ] || { echo "Build the jar first: ./mvnw -q -DskipTests package"; exit 1; }

cleanup() {
  [ -n "${APP:-}" ] && kill -TERM -- "-$APP" 2>/dev/null && wait "$APP" 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then cp "$DATA/app.log" /tmp/upgrade-bench.log; fi
  rm -rf "$DATA"
}
trap cleanup EXIT

ESSAIM_DATA_DIR="$DATA/data" SERVER_PORT="$PORT" ESSAIM_LDAP_EMBEDDED_PORT=0 ESSAIM_BOOTSTRAP_STAFF_PASSWORD="$PASSWORD" \
  ESSAIM_UPGRADES_CANARY=10 ESSAIM_UPGRADES_GROWTH=4 ESSAIM_UPGRADES_CHECK_INTERVAL=1s \
  setsid "$JAVA" -jar "$JAR" >"$DATA/app.log" 2>&1 &
APP=$!
until grep -q 'Essaim is ready' "$DATA/app.log"; do
  kill -0 "$APP" 2>/dev/null || { echo "the application did not start:"; tail -20 "$DATA/app.log"; exit 1; }
  sleep 0.2
done
PG_PORT="$(sed -n 's/.*Embedded PostgreSQL ready on 127.0.0.1:\([0-9]*\).*/\1/p' "$DATA/app.log" | head -1)"
PSQL=(psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres essaim)
BASE="http://localhost:$PORT"
AUTH=(-u "admin:$PASSWORD")

echo "== seeding $COUNT spaces"
"${PSQL[@]}" <<SQL
insert into space (slug, display_name, language, referent_name, referent_email, name_key, email_key, state,
  created_at, created_by, handover_pending)
select 'bench-' || i, 'Association ' || i, 'fr', 'Contact ' || i, 'contact-' || i || '@example.org',
  'association ' || i, 'contact-' || i || '@example.org', 'READY', now(), 'benchmark', false
from generate_series(1, $COUNT) as i;
analyze space;
SQL

TARGET='{"workspace":"32.0.1","office":"24.04","events":"5.1.0","forum":"3.3.15"}'
echo "== 1. starting a rollout over $COUNT spaces (API)"
START="$(curl -sS -o "$DATA/rollout.json" -w '%{http_code} %{time_total}' "${AUTH[@]}" \
  -H 'Content-Type: application/json' -d "$TARGET" "$BASE/api/v1/staff/upgrades/rollouts")"
echo "  POST /api/v1/staff/upgrades/rollouts: HTTP ${START% *}, ${START#* } s"
ID="$(sed 's/^{"id":\([0-9]*\).*/\1/' "$DATA/rollout.json")"
"${PSQL[@]}" -c "select '  waves: ' || string_agg(size::text, ', ' order by number) from upgrade_wave where rollout_id = $ID"

echo "== 2. the job judging the last wave"
"${PSQL[@]}" <<SQL
update upgrade_rollout set state = 'PAUSED' where id = $ID;
update upgrade_wave set state = 'SUCCEEDED', started_at = now(), deadline = now() + interval '30 minutes',
  finished_at = now() where rollout_id = $ID and number < (select max(number) from upgrade_wave where rollout_id = $ID);
update upgrade_wave set state = 'RUNNING', started_at = now(), deadline = now() + interval '30 minutes'
  where rollout_id = $ID and number = (select max(number) from upgrade_wave where rollout_id = $ID);
update upgrade_wave_space m set outcome = case when w.state = 'SUCCEEDED' then 'HEALTHY' else 'UPGRADING' end,
  versions_written = true from upgrade_wave w where w.id = m.wave_id and m.rollout_id = $ID;
update space set workspace_version = '32.0.1', office_version = '24.04', events_version = '5.1.0',
  forum_version = '3.3.15',
  provisioning_status = '{"observedGeneration":2,"conditions":[{"type":"Ready","status":"True","reason":"Ready","message":"In place."}],"versions":$TARGET}'
  where slug like 'bench-%';
update upgrade_rollout set state = 'RUNNING' where id = $ID;
SQL
until grep -q "Upgrade rollout $ID: COMPLETED" "$DATA/app.log"; do
  kill -0 "$APP" 2>/dev/null || { echo "the application stopped"; exit 1; }
  sleep 0.2
done
LAST="$("${PSQL[@]}" -c "select size from upgrade_wave where rollout_id = $ID order by number desc limit 1")"
echo "  judging $LAST spaces and completing: $(grep "Upgrade rollout $ID: COMPLETED" "$DATA/app.log" | sed 's/.*(looked at in \([0-9]*\) ms).*/\1/') ms"

echo "== 3. $REQUESTS reads of each, one at a time"
COOKIES="$DATA/cookies"
csrf() { sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1; }
TOKEN="$(curl -fsS -c "$COOKIES" -b "$COOKIES" "$BASE/login" | csrf)"
curl -fsS -o /dev/null -c "$COOKIES" -b "$COOKIES" --data-urlencode "username=admin" \
  --data-urlencode "password=$PASSWORD" --data-urlencode "_csrf=$TOKEN" "$BASE/login"
times() {
  for _ in $(seq 1 10); do curl -fsS -o /dev/null "$@"; done  # warm-up
  for _ in $(seq 1 "$REQUESTS"); do curl -fsS -o /dev/null -w '%{time_total}\n' "$@"; done | sort -n |
    awk '{ t[NR] = $1 * 1000 } END { printf "p50 %.1f ms, p95 %.1f ms, max %.1f ms\n", t[int(NR * 0.5)], t[int(NR * 0.95)], t[NR] }'
}
echo "  page /staff/upgrades/$ID: $(times -b "$COOKIES" "$BASE/staff/upgrades/$ID")"
echo "  page /staff/upgrades: $(times -b "$COOKIES" "$BASE/staff/upgrades")"
echo "  API rollouts/$ID: $(times "${AUTH[@]}" "$BASE/api/v1/staff/upgrades/rollouts/$ID")"

echo "== 4. rolling back $COUNT spaces (API)"
BACK="$(curl -sS -o /dev/null -w '%{http_code} %{time_total}' "${AUTH[@]}" -X POST \
  "$BASE/api/v1/staff/upgrades/rollouts/$ID/rollback")"
echo "  POST .../rollback: HTTP ${BACK% *}, ${BACK#* } s"
"${PSQL[@]}" -c "select '  spaces back on the defaults: ' || count(*) from space where slug like 'bench-%' and workspace_version is null"
