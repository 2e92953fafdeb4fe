#!/usr/bin/env bash
# On-demand benchmark (not part of the test suite): the database side of "what Essaim holds about me" on a platform
# with a long history.
#   control-plane/benchmarks/my-data.sh [SPACES] [EVENTS_PER_SPACE] [MAILS] [RUNS]
# Starts the packaged application (control-plane/target/essaim.jar; ./mvnw -q -DskipTests package) on a fresh data
# directory, seeds SPACES x EVENTS_PER_SPACE audit entries about spaces' members (50 members a space, each entry
# acted by one and naming another by uid and address) and MAILS outbox messages to those addresses, then runs the
# page's three statements for one member RUNS times each with EXPLAIN ANALYZE and reports PostgreSQL's execution
# times (median and worst): audit entries naming the address (or the uid) in the space, entries the member acted in,
# and the messages to the address. The directory lookups (one entry, one group) are not included.
set -euo pipefail
cd "$(dirname "$0")/../.."
SPACES="${1:-10000}"
EVENTS="${2:-100}"
MAILS="${3:-500000}"
RUNS="${4:-50}"
PORT="${SERVER_PORT:-18198}"
. control-plane/benchmarks/start-essaim.sh my-data

echo "== seeding $((SPACES * EVENTS)) audit entries over $SPACES spaces and $MAILS emails"
"${PSQL[@]}" <<SQL
insert into audit_event (occurred_at, actor, action, target, detail)
select now() - interval '700 days' + (s * $EVENTS + e) * interval '1 second',
  'member-' || (e % 50) || '@space-' || s, 'member.promoted', 'space:space-' || s,
  'member-' || ((e + 7) % 50) || ' <member-' || ((e + 7) % 50) || '@space-' || s || '.example.org>'
from generate_series(1, $SPACES) as s, generate_series(1, $EVENTS) as e;
insert into mail_outbox (created_at, recipient, locale, template, subject, body, next_attempt_at, sent_at)
select now() - (i % 700) * interval '1 day', 'member-' || ((i / $SPACES) % 50) || '@space-' || (i % $SPACES + 1) || '.example.org',
  'fr', 'member-invitation', 'Invitation ' || i, '', now(), now()
from generate_series(1, $MAILS) as i;
SQL
"${PSQL[@]}" -c "vacuum analyze audit_event" -c "vacuum analyze mail_outbox"

SPACE="space-$((SPACES / 2))"
UID_="member-7"
EMAIL="$UID_@$SPACE.example.org"
OUTSIDE='[^A-Za-z0-9._@+-]'
ADDRESS_REGEX="(^|$OUTSIDE)member\\-7\\@space\\-$((SPACES / 2))\\.example\\.org(\$|$OUTSIDE)"
UID_REGEX="(^|$OUTSIDE)member\\-7(\$|$OUTSIDE)"
declare -A STATEMENTS=(
  [audit-naming-address]="select * from audit_event where target = 'space:$SPACE' and detail ~* '$ADDRESS_REGEX' order by id desc limit 500"
  [audit-naming-uid]="select * from audit_event where target = 'space:$SPACE' and detail ~* '$UID_REGEX' order by id desc limit 500"
  [audit-acted]="select * from audit_event where actor = '$UID_@$SPACE' order by id desc limit 500"
  [emails]="select created_at, template, subject, sent_at, logged_at, attempts from mail_outbox where recipient in ('$EMAIL') order by created_at desc, id desc limit 500"
)
echo "== $RUNS runs each, PostgreSQL execution time (ms)"
echo "| statement | rows | median | worst |"
echo "| --- | --- | --- | --- |"
for name in audit-naming-address audit-naming-uid audit-acted emails; do
  sql="${STATEMENTS[$name]}"
  rows="$("${PSQL[@]}" -c "select count(*) from ($sql) as q")"
  times="$(for _ in $(seq "$RUNS"); do
    "${PSQL[@]}" -c "explain (analyze, format json) $sql" | sed -n 's/.*"Execution Time": \([0-9.]*\).*/\1/p'
  done | sort -n)"
  median="$(echo "$times" | sed -n "$(( (RUNS + 1) / 2 ))p")"
  worst="$(echo "$times" | tail -1)"
  echo "| $name | $rows | $median | $worst |"
done
echo "== plans"
for name in audit-naming-address audit-acted emails; do
  echo "-- $name"
  "${PSQL[@]}" -c "explain ${STATEMENTS[$name]}"
done
