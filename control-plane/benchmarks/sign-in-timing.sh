#!/usr/bin/env bash
# On-demand benchmark (not part of the test suite): can a wrong password for an existing space account be told from
# an unknown user name by how long the sign-in takes? (issue 12, item 3.)
#   control-plane/benchmarks/sign-in-timing.sh [SAMPLES] [WARM_UP]
# 1. Starts slapd with the production configuration (argon2 m=19456 t=2 p=1, ppolicy) and the packaged application
#    (control-plane/target/essaim.jar; ./mvnw -q -DskipTests package) configured for it, with the failed-sign-in
#    limits raised out of the way (they would otherwise slow the attempts down on purpose).
# 2. One space (registry row and directory subtree, its person under the people's password policy, as the control
#    plane creates them).
# 3. One client sends HTTP Basic sign-ins to GET /api/v1/spaces/<slug>/usage, one at a time, in random order:
#    SAMPLES (1000) with the person's uid and a wrong password, SAMPLES with an unknown uid and a wrong password,
#    after WARM_UP (200) of each not measured. Each must answer 401.
# 4. Prints each path's median, mean and p90, the ratio known/unknown (the unknown path is the baseline, measured in
#    the same run), Welch's t-test and the Mann-Whitney U test (two-sided p-values).
# Set SERVER_PORT and SLAPD_PORT to choose the ports. Needs a JDK 21+, slapd and ldap-utils, psql, python3, unzip.
set -euo pipefail
cd "$(dirname "$0")/../.."
SAMPLES="${1:-1000}"
WARM_UP="${2:-200}"
source control-plane/benchmarks/lib/slapd-and-app.sh
trap stop_all EXIT

start_slapd
start_app SPRING_APPLICATION_JSON='{"essaim":{"sign-in":{"failures-per-account-and-address":100000000,"failures-per-address":100000000}}}'
slug="timing-$(printf '%04x' $((RANDOM % 65536)))"
PERSON_PASSWORD="bench-person-$RANDOM-$RANDOM-password"
register_space "$slug" "Banc d'essai" 50 "$PERSON_PASSWORD" "pwdPolicySubentry: cn=people,ou=policies,$BASE_DN"
# The right password works (so the known path is a real account), before anything is measured.
code="$(curl -sS -o /dev/null -w '%{http_code}' -u "camille@$slug:$PERSON_PASSWORD" "$BASE/api/v1/spaces/$slug/usage")"
[ "$code" = 200 ] || { echo "the person cannot sign in ($code)"; tail -20 "$DATA/app.log"; exit 1; }
echo "== sign-in timing: $SAMPLES samples per path after $WARM_UP each, one client, slapd $SLAPD_URL;" \
  "load $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
"$JAVA" control-plane/benchmarks/SignInTiming.java "$BASE/api/v1/spaces/$slug/usage" "camille@$slug" \
  "nobody-here@$slug" "$SAMPLES" "$WARM_UP"
