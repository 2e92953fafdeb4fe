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
# 4. Prints both and the ratio.
# 5. Single sign-on: a space (its registry row through psql, its subtree and admin camille through ldapadd, as
#    approval and provisioning leave them) whose workspace client is given to the application as a local client
#    (essaim.sign-on.local-clients: the secret's SHA-256 and a redirect address nothing needs to listen on). CLIENTS
#    threads, each a new browser and app per sign-in, go through the whole authorization code flow (authorize ->
#    the space's sign-in page -> POST /login -> code -> token exchange with PKCE and the client's secret -> ID token
#    verified against the published JWKS), WARM_UP_SECONDS then SECONDS: code-flow sign-ins per second.
# 6. authrate binds as camille (the same slapd, the same argon2 cost) for the raw rate of that account, and the
#    ratio is printed.
# Needs a JDK 21+, slapd and ldap-utils, psql, python3, unzip.
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS="${1:-8}"
SECONDS_MEASURED="${2:-20}"
WARM_UP="${3:-10}"
source control-plane/benchmarks/lib/slapd-and-app.sh
trap stop_all EXIT

SLUG="bench-sso-$(printf '%04x' $((RANDOM % 65536)))"
CLIENT_ID="space-$SLUG-workspace"
REDIRECT_URI="http://127.0.0.1:9/apps/user_oidc/code"
CLIENT_SECRET="bench-client-secret-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
SECRET_SHA256="$(printf '%s' "$CLIENT_SECRET" | sha256sum | cut -d' ' -f1)"
start_slapd
# The load generator verifies ID tokens with Nimbus JOSE+JWT, the one the application ships.
(cd "$DATA/lib" && unzip -q -j "$OLDPWD/$JAR" 'BOOT-INF/lib/nimbus-jose-jwt-*.jar')
start_app SPRING_APPLICATION_JSON="{\"essaim\":{\"sign-on\":{\"local-clients\":[{\"client-id\":\"$CLIENT_ID\",\"secret-sha256\":\"$SECRET_SHA256\",\"redirect-uri\":\"$REDIRECT_URI\"}]}}}"
(umask 077 && printf '%s' "$STAFF_PASSWORD" >"$DATA/staff-password")
echo "== control plane: $CLIENTS clients, ${WARM_UP}s warm-up, ${SECONDS_MEASURED}s measured, slapd $SLAPD_URL; load $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
"$JAVA" -cp "$DATA/lib/*" control-plane/benchmarks/SignInLoad.java "$BASE/api/v1/staff/me" admin "$DATA/staff-password" "$CLIENTS" \
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

# Single sign-on through the authorization code flow, as a space member.
MEMBER_PASSWORD="bench-member-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')-Pw"
register_space "$SLUG" "Banc d'essai SSO" 10 "$MEMBER_PASSWORD"
(umask 077 && printf '%s' "$MEMBER_PASSWORD" >"$DATA/member-password" && printf '%s' "$CLIENT_SECRET" >"$DATA/client-secret")
echo "== code flow: $CLIENTS clients, ${WARM_UP}s warm-up, ${SECONDS_MEASURED}s measured, client $CLIENT_ID; load $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -cp "$DATA/lib/*" control-plane/benchmarks/SignInLoad.java code-flow "$BASE" "$CLIENT_ID" \
  "$DATA/client-secret" "$REDIRECT_URI" "$SLUG" camille "$DATA/member-password" "$CLIENTS" "$WARM_UP" \
  "$SECONDS_MEASURED" | sed 's/^/code_flow_/' | tee "$DATA/code-flow.txt"
flow_rate="$(awk '/^code_flow_sign_ins_per_second/ {print $2}' "$DATA/code-flow.txt")"

echo "== authrate as the space member: $CLIENTS threads, bind only, ${WARM_UP}s warm-up, ${SECONDS_MEASURED}s measured; load $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -cp "$DATA/lib/*" com.unboundid.ldap.sdk.examples.AuthRate --hostname 127.0.0.1 --port "$SLAPD_PORT" \
  --bindOnly --baseDN "uid=camille,ou=people,ou=$SLUG,ou=spaces,$BASE_DN" --credentials "$MEMBER_PASSWORD" \
  --numThreads "$CLIENTS" --intervalDuration "$SECONDS_MEASURED" --numIntervals 1 --warmUpIntervals 1 --csv \
  >"$DATA/authrate-member.csv" 2>&1 || { cat "$DATA/authrate-member.csv"; exit 1; }
measured="$(grep -E '^[0-9]' "$DATA/authrate-member.csv" | tail -1)"
member_raw="$(echo "$measured" | cut -d, -f1)"
echo "member_authrate_binds_per_second $member_raw"
echo "member_authrate_average_ms $(echo "$measured" | cut -d, -f2)"
echo "member_authrate_errors_per_second $(echo "$measured" | cut -d, -f3)"
awk -v flow="$flow_rate" -v raw="$member_raw" 'BEGIN { printf "ratio_code_flow_to_raw %.1f%%\n", 100 * flow / raw }'
