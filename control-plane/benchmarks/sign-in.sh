#!/usr/bin/env bash
# On-demand benchmark (not part of the test suite): the control plane's sign-in throughput against the raw bind rate
# of the same OpenLDAP, in one run.
#   control-plane/benchmarks/sign-in.sh [CLIENTS] [SECONDS] [WARM_UP_SECONDS]
# 1. Starts slapd with the production configuration (argon2 hashes, ppolicy) and the packaged application
#    (control-plane/target/essaim.jar; build it with ./mvnw -q -DskipTests package) configured for it.
# 2. CLIENTS concurrent clients GET /api/v1/staff/me with HTTP Basic as the staff account admin, for WARM_UP_SECONDS
#    (not measured) then SECONDS: each request is a full sign-in (rate-limit check in PostgreSQL, then a bind as
#    uid=admin,ou=staff). Successful sign-ins per second and p50/p99 latency. (Only failed sign-ins are counted by
#    the sign-in limit, so a successful load is never throttled.)
# 3. The UnboundID SDK's authrate (com.unboundid.ldap.sdk.examples.AuthRate, from the jar the application ships)
#    binds as the same entry with the same password, CLIENTS threads, for SECONDS (warm-up, its interval length) then
#    SECONDS (measured): the raw rate.
# 4. Prints both and the ratio. Space members' sign-in is measured the same way once it exists (SPACE_USER=uid@slug
#    and SPACE_PASSWORD_FILE are reserved for that; not yet wired).
# Needs a JDK 21+, slapd and ldap-utils, psql, python3, unzip.
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS="${1:-8}"
SECONDS_MEASURED="${2:-20}"
WARM_UP="${3:-10}"
source control-plane/benchmarks/lib/slapd-and-app.sh
trap stop_all EXIT

start_slapd
start_app
(umask 077 && printf '%s' "$STAFF_PASSWORD" >"$DATA/staff-password")
echo "== control plane: $CLIENTS clients, ${WARM_UP}s warm-up, ${SECONDS_MEASURED}s measured, slapd $SLAPD_URL; load $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
"$JAVA" control-plane/benchmarks/SignInLoad.java "$BASE/api/v1/staff/me" admin "$DATA/staff-password" "$CLIENTS" \
  "$WARM_UP" "$SECONDS_MEASURED" | tee "$DATA/app.txt"
app_rate="$(awk '/^sign_ins_per_second/ {print $2}' "$DATA/app.txt")"

echo "== authrate: $CLIENTS threads, bind only, ${WARM_UP}s warm-up, ${SECONDS_MEASURED}s measured; load $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -cp "$DATA/lib/*" com.unboundid.ldap.sdk.examples.AuthRate --hostname 127.0.0.1 --port "$SLAPD_PORT" \
  --bindOnly --baseDN "uid=admin,ou=staff,$BASE_DN" --credentials "$STAFF_PASSWORD" --numThreads "$CLIENTS" \
  --intervalDuration "$SECONDS_MEASURED" --numIntervals 1 --warmUpIntervals 1 --csv >"$DATA/authrate.csv" 2>&1 \
  || { cat "$DATA/authrate.csv"; exit 1; }
# --warmUpIntervals counts intervals of --intervalDuration: the first interval warms up, the second is measured.
# CSV columns: recent auths/s, recent average ms, recent errors/s, overall auths/s, overall average ms.
measured="$(grep -E '^[0-9]' "$DATA/authrate.csv" | tail -1)"
raw_rate="$(echo "$measured" | cut -d, -f1)"
echo "authrate_binds_per_second $raw_rate"
echo "authrate_average_ms $(echo "$measured" | cut -d, -f2)"
echo "authrate_errors_per_second $(echo "$measured" | cut -d, -f3)"
awk -v app="$app_rate" -v raw="$raw_rate" 'BEGIN { printf "ratio_app_to_raw %.1f%%\n", 100 * app / raw }'
