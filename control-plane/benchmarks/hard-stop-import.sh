#!/usr/bin/env bash
# On-demand check (not part of the test suite): the local default after a kill -9 in the middle of a CSV import.
#   control-plane/benchmarks/hard-stop-import.sh [ROWS] [KILL_AT_CREATED]
# 1. Starts the packaged application (control-plane/target/essaim.jar; ./mvnw -q -DskipTests package) with no
#    configuration but ports and a fresh data directory: embedded PostgreSQL and embedded directory, as the README's
#    first command does.
# 2. Registers a space (registry row through psql, quota ROWS + 1; its subtree and first admin Camille through
#    ldapadd on the embedded directory), sends a ROWS-row CSV file to POST /api/v1/spaces/<slug>/members/import as
#    Camille and kills the application with SIGKILL as soon as KILL_AT_CREATED rows (50) are recorded as created.
# 3. Starts it again on the same data directory (the orphaned PostgreSQL must be found and stopped), compares what
#    each store holds (rows recorded as created in the database, people in the directory), then signs in as Camille
#    on the sign-in page and presses "Finish the import" on the run's page, and checks: ROWS + 1 people, ROWS + 1 in
#    cn=members, every row created, one welcome email per person, the run finished.
# Needs a JDK 21+, psql, ldap-utils, curl. Ports: SERVER_PORT (8510), ESSAIM_LDAP_EMBEDDED_PORT (8511).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS="${1:-400}"
KILL_AT="${2:-50}"
# JAVA, JAR, DATA and register_space; not slapd: this check runs on the embedded directory.
source control-plane/benchmarks/lib/slapd-and-app.sh
PORT="${SERVER_PORT:-8510}"
LDAP_PORT="${ESSAIM_LDAP_EMBEDDED_PORT:-8511}"
[ -f "$JAR" ] || { echo "Build the jar first: ./mvnw -q -DskipTests package"; exit 1; }
BASE="http://127.0.0.1:$PORT"
BASE_DN="dc=essaim,dc=local"
APP=

start() {
  env ESSAIM_DATA_DIR="$DATA/data" SERVER_PORT="$PORT" ESSAIM_LDAP_EMBEDDED_PORT="$LDAP_PORT" \
    ESSAIM_MAIL_DELIVERY_INTERVAL=1h setsid "$JAVA" -jar "$JAR" >"$DATA/app-$1.log" 2>&1 &
  APP=$!
  local started=$SECONDS
  until grep -qs 'Essaim is ready' "$DATA/app-$1.log"; do
    kill -0 "$APP" 2>/dev/null || { echo "start $1 failed:"; tail -20 "$DATA/app-$1.log"; exit 1; }
    sleep 0.2
  done
  echo "start $1: ready in $((SECONDS - started)) s"
  PG_PORT="$(sed -n 's/.*Embedded PostgreSQL ready on 127.0.0.1:\([0-9]*\).*/\1/p' "$DATA/app-$1.log" | head -1)"
  PSQL=(psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres essaim)
}
cleanup() {
  [ -n "$APP" ] && kill -TERM -- "-$APP" 2>/dev/null && wait "$APP" 2>/dev/null || true
  [ -f "$DATA/data/postgres/postmaster.pid" ] && kill -INT "$(head -1 "$DATA/data/postgres/postmaster.pid")" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT
ldap() { "$@" -x -H "ldap://127.0.0.1:$LDAP_PORT" -D "cn=Directory Manager" -w "$(tr -d "\n" <"$DATA/data/directory/manager-password")"; }
people() {
  ldap ldapsearch -LLL -b "ou=people,ou=$SLUG,ou=spaces,$BASE_DN" '(objectClass=inetOrgPerson)' dn | grep -c '^dn:' || true
}
in_members() {
  ldap ldapsearch -LLL -b "cn=members,ou=groups,ou=$SLUG,ou=spaces,$BASE_DN" -s base member | grep -c '^member:' || true
}

start 1
SLUG="arret-brutal"
ADMIN_PASSWORD="hard-stop-admin-password-$RANDOM$RANDOM"
# The embedded directory starts without ou=spaces (the first approval makes it).
printf 'dn: ou=spaces,%s\nchangetype: add\nobjectClass: organizationalUnit\nou: spaces\n' "$BASE_DN" >"$DATA/spaces.ldif"
ldap ldapmodify -c -f "$DATA/spaces.ldif" >/dev/null 2>&1 || true
register_space "$SLUG" "Arrêt brutal" "$((ROWS + 1))" "$ADMIN_PASSWORD"
{
  echo "Nom;Courriel;Rôle"
  for i in $(seq 1 "$ROWS"); do
    echo "Membre n°$i;membre$i@$SLUG.example;$([ $((i % 10)) -eq 0 ] && echo admin || echo membre)"
  done
} >"$DATA/members.csv"

echo "== import of $ROWS rows, SIGKILL once $KILL_AT are recorded as created"
curl -sS -o /dev/null -u "camille@$SLUG:$ADMIN_PASSWORD" -H 'Content-Type: text/csv' \
  --data-binary @"$DATA/members.csv" "$BASE/api/v1/spaces/$SLUG/members/import" 2>/dev/null &
CURL=$!
until [ "$("${PSQL[@]}" -c "select count(*) from member_import_row where space_slug = '$SLUG' and outcome = 'CREATED'")" -ge "$KILL_AT" ]; do
  sleep 0.05
done
kill -KILL "$APP"
wait "$APP" 2>/dev/null || true
wait "$CURL" 2>/dev/null || true
ORPHAN="$(head -1 "$DATA/data/postgres/postmaster.pid" 2>/dev/null || echo none)"
echo "after kill -9: PostgreSQL PID $ORPHAN $(kill -0 "$ORPHAN" 2>/dev/null && echo 'still running (orphan)' || echo 'not running')"

start 2
if kill -0 "$ORPHAN" 2>/dev/null; then echo "FAIL: the orphan $ORPHAN still runs"; exit 1; fi
grep -h 'still running on' "$DATA/app-2.log" | sed 's/^.*WARN/WARN/' | cut -c1-160 || true
RUN="$("${PSQL[@]}" -c "select id from member_import_run where space_slug = '$SLUG' order by id desc limit 1")"
echo "run $RUN as recorded: $("${PSQL[@]}" -c "select string_agg(outcome || ' ' || n, ', ') from (select outcome, count(*) n from member_import_row where run_id = $RUN group by outcome order by outcome) o"); finished: $("${PSQL[@]}" -c "select coalesce(finished_at::text, 'no') from member_import_run where id = $RUN")"
RECORDED="$("${PSQL[@]}" -c "select count(*) from member_import_row where run_id = $RUN and outcome in ('CREATED', 'COMPLETED')")"
MISSING="$("${PSQL[@]}" -c "select uid from member_import_row where run_id = $RUN and outcome in ('CREATED', 'COMPLETED')" | while read -r uid; do
  ldap ldapsearch -LLL -b "uid=$uid,ou=people,ou=$SLUG,ou=spaces,$BASE_DN" -s base dn >/dev/null 2>&1 || echo "$uid"; done | wc -l)"
echo "recorded created in the database: $RECORDED; of them missing from the directory: $MISSING; people in the directory: $(( $(people) - 1 )) (+ Camille)"

echo "== finishing run $RUN from its page"
JAR_COOKIES="$DATA/cookies"
csrf() { sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1; }
TOKEN="$(curl -sS -c "$JAR_COOKIES" -b "$JAR_COOKIES" "$BASE/login?space=$SLUG" | csrf)"
curl -sS -o /dev/null -c "$JAR_COOKIES" -b "$JAR_COOKIES" --data-urlencode "_csrf=$TOKEN" --data-urlencode "space=$SLUG" \
  --data-urlencode "username=camille" --data-urlencode "password=$ADMIN_PASSWORD" "$BASE/login"
PAGE="$(curl -sS -c "$JAR_COOKIES" -b "$JAR_COOKIES" "$BASE/spaces/$SLUG/import/runs/$RUN")"
grep -q 'id="finish-run"' <<<"$PAGE" || { echo "FAIL: no finish button on the run's page"; exit 1; }
TOKEN="$(csrf <<<"$PAGE")"
started=$SECONDS
STATUS="$(curl -sS -o /dev/null -w '%{http_code}' -c "$JAR_COOKIES" -b "$JAR_COOKIES" --data-urlencode "_csrf=$TOKEN" \
  "$BASE/spaces/$SLUG/import/runs/$RUN/finish")"
echo "POST .../import/runs/$RUN/finish: $STATUS in $((SECONDS - started)) s"
PAGE="$(curl -sS -c "$JAR_COOKIES" -b "$JAR_COOKIES" "$BASE/spaces/$SLUG/import/runs/$RUN")"
echo "run $RUN now: $("${PSQL[@]}" -c "select string_agg(outcome || ' ' || n, ', ') from (select outcome, count(*) n from member_import_row where run_id = $RUN group by outcome order by outcome) o"); finished: $("${PSQL[@]}" -c "select case when finished_at is null then 'no' else 'yes' end from member_import_run where id = $RUN"); page offers to finish: $(grep -q 'id="finish-run"' <<<"$PAGE" && echo yes || echo no)"
P="$(people)"; M="$(in_members)"
W="$("${PSQL[@]}" -c "select count(*) from mail_outbox where template = 'member-welcome' and recipient like '%@$SLUG.example'")"
D="$("${PSQL[@]}" -c "select count(*) - count(distinct recipient) from mail_outbox where template = 'member-welcome' and recipient like '%@$SLUG.example'")"
echo "people: $P, in cn=members: $M, welcome emails: $W (duplicates: $D)"
[ "$P" -eq $((ROWS + 1)) ] && [ "$M" -eq $((ROWS + 1)) ] && [ "$W" -eq "$ROWS" ] && [ "$D" -eq 0 ] \
  && echo "OK: nothing lost, nothing duplicated" || { echo "FAIL"; exit 1; }
