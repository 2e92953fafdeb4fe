#!/usr/bin/env bash
# On-demand benchmark (not part of the test suite): importing 50 members end to end against the real OpenLDAP.
#   control-plane/benchmarks/member-import.sh [RUNS] [MEMBERS]
# 1. Starts slapd with the production configuration and the packaged application (control-plane/target/essaim.jar;
#    build it with ./mvnw -q -DskipTests package) configured for it, as in production.
# 2. RUNS times: registers a fresh space (its registry row through psql, its subtree and first admin through ldapadd,
#    as approval and provisioning leave them), then times one POST /api/v1/spaces/<slug>/members/import of a
#    MEMBERS-row CSV file (a tenth of them admins) as the space's admin, from the request to the full answer: every
#    entry created, in cn=members (and cn=admins), its welcome link stored and its email queued, each row recorded.
# 3. Checks each run in the directory and the database: MEMBERS + 1 people, MEMBERS + 1 in cn=members, MEMBERS
#    welcome emails queued, MEMBERS rows recorded as created.
# Goal (issue 5): 50 members under 2 s. Needs a JDK 21+, slapd and ldap-utils, psql, python3, curl, unzip.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-5}"
MEMBERS="${2:-50}"
source control-plane/benchmarks/lib/slapd-and-app.sh
trap stop_all EXIT

start_slapd
start_app
# The import is the space admin's (staff may only preview): Camille, the space's first admin, sends the file.
ADMIN_PASSWORD="bench-admin-password-$RANDOM-$RANDOM"
echo "== member import: $MEMBERS members per run, $RUNS runs, slapd $SLAPD_URL (argon2, ppolicy, memberof, refint)"
printf 'run  slug              seconds  created  people  in_members  welcome_emails\n'
times=()
for run in $(seq 1 "$RUNS"); do
  slug="bench-$run-$(printf '%04x' $((RANDOM % 65536)))"
  register_space "$slug" "Banc d'essai $run" "$((MEMBERS + 1))" "$ADMIN_PASSWORD"
  {
    echo "Nom;Courriel;Rôle"
    for i in $(seq 1 "$MEMBERS"); do
      echo "Membre n°$i, « $slug »;membre$i@$slug.example;$([ $((i % 10)) -eq 0 ] && echo admin || echo membre)"
    done
  } >"$DATA/members.csv"
  seconds="$(curl -sS -o "$DATA/answer.json" -w '%{time_total}' -u "camille@$slug:$ADMIN_PASSWORD" \
    -H 'Content-Type: text/csv' --data-binary @"$DATA/members.csv" "$BASE/api/v1/spaces/$slug/members/import")"
  created="$(sed -n 's/.*"created":\([0-9]*\).*/\1/p' "$DATA/answer.json")"
  people="$(ldapsearch -x -LLL -H "$SLAPD_URL" -D "$CP_DN" -y "$DATA/cp-password" \
    -b "ou=people,ou=$slug,ou=spaces,$BASE_DN" '(objectClass=inetOrgPerson)' dn | grep -c '^dn:')"
  in_members="$(ldapsearch -x -LLL -H "$SLAPD_URL" -D "$CP_DN" -y "$DATA/cp-password" \
    -b "cn=members,ou=groups,ou=$slug,ou=spaces,$BASE_DN" -s base member | grep -c '^member:')"
  emails="$("${PSQL[@]}" -c "select count(*) from mail_outbox where template = 'member-welcome' and recipient like '%@$slug.example'")"
  printf '%-4s %-17s %-8s %-8s %-7s %-11s %s\n' "$run" "$slug" "$seconds" "${created:-?}" "$people" "$in_members" "$emails"
  if [ "${created:-0}" != "$MEMBERS" ] || [ "$people" != "$((MEMBERS + 1))" ] || [ "$in_members" != "$((MEMBERS + 1))" ] \
      || [ "$emails" != "$MEMBERS" ]; then
    echo "run $run is incomplete:"; head -c 2000 "$DATA/answer.json"; echo; exit 1
  fi
  times+=("$seconds")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END {
  printf "import_seconds_first %s\n", t[1] > "/dev/null";
  printf "import_seconds_min %.3f\nimport_seconds_median %.3f\nimport_seconds_max %.3f\n", t[1], t[int((NR + 1) / 2)], t[NR] }'
echo "first_run_seconds ${times[0]} (cold JIT)"
