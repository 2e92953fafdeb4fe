#!/usr/bin/env bash
# On-demand benchmark (not part of the test suite): the review queue at 10,000 confirmed applications.
#   control-plane/benchmarks/review-queue.sh [APPLICATIONS] [REQUESTS]
# Starts the packaged application (control-plane/target/essaim.jar; ./mvnw -q -DskipTests package) on a fresh data
# directory, seeds APPLICATIONS confirmed applications straight into its PostgreSQL (10% flagged, 10% assigned,
# spread over 40 days so some are overdue), then times REQUESTS sequential requests per kind (after 30 warm-up
# ones): first page, a filtered page, searches, a page deep in the queue, through the staff API (HTTP Basic: each
# request also binds to the directory) and through the staff page (a signed-in session). The times are measured by a
# client on the same machine: the server's time plus a loopback round trip.
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT="${1:-10000}"
REQUESTS="${2:-200}"
PORT="${SERVER_PORT:-18091}"
. control-plane/benchmarks/start-essaim.sh queue
campaign="$(curl -fsS -u "admin:$PASSWORD" -H 'Content-Type: application/json' -d '{"name": "Queue benchmark"}' \
  "$BASE/api/v1/staff/campaigns" | sed 's/.*"id":\([0-9]*\).*/\1/')"
curl -fsS -u "admin:$PASSWORD" -X POST "$BASE/api/v1/staff/campaigns/$campaign/open" >/dev/null

echo "== seeding $COUNT confirmed applications"
"${PSQL[@]}" <<SQL
insert into application (campaign_id, state, language, organisation_name, kind, official_identifier, country,
  main_language, purpose, member_count, annual_budget, why_not_paid, slug, contact_name, contact_email, name_key,
  email_key, search_text, submitted_at, confirmation_token_hash, confirmed_at, review_due_at, status_token_hash,
  assigned_to)
select $campaign, 'IN_REVIEW', case when i % 3 = 0 then 'en' else 'fr' end, 'Association ' || w || ' ' || i,
  (array['ASSOCIATION','DE_FACTO_COLLECTIVE','UNION','FOUNDATION','COOPERATIVE','OTHER'])[1 + i % 6],
  case when i % 4 = 0 then 'W' || lpad(i::text, 9, '0') end, 'FR', 'fr', 'Objet et actions ' || i, 5 + i % 60,
  (i * 7919) % 60000, 'Pas de budget', 'seed-' || i, 'Contact ' || i, 'contact-' || i || '@example.org',
  w || ' ' || i, 'contact-' || i || '@example.org',
  'association ' || w || ' ' || i || ' seed-' || i || ' contact-' || i || '@example.org'
    || case when i % 4 = 0 then ' w' || lpad(i::text, 9, '0') else '' end,
  c - interval '1 hour', md5('c' || i) || md5('d' || i), c, c + interval '30 days', md5('s' || i) || md5('t' || i),
  case when i % 10 = 0 then 'admin' end
from generate_series(1, $COUNT) as i,
  lateral (select (array['jardin','velo','chorale','epicerie','theatre','repair','cafe','quartier','solidaire',
    'musique'])[1 + i % 10] as w, now() - interval '40 days' + i * (interval '40 days' / $COUNT) as c) as seed;
insert into application_flag (application_id, flag)
  select id, 'HIGH_BUDGET' from application where slug like 'seed-%' and annual_budget > 50000;
insert into application_flag (application_id, flag)
  select id, 'MANY_MEMBERS' from application where slug like 'seed-%' and member_count > 50;
analyze application;
analyze application_flag;
SQL
"${PSQL[@]}" -c "select count(*) || ' applications in review, ' || (select count(distinct application_id) from application_flag) || ' flagged' from application where state = 'IN_REVIEW'"
deep="$("${PSQL[@]}" -c "select (extract(epoch from confirmed_at) * 1000000)::bigint || '-' || id from application
  where state = 'IN_REVIEW' order by confirmed_at, id offset 9000 limit 1")"

echo "== $REQUESTS requests of each kind, one at a time"
"$JAVA" control-plane/benchmarks/ReviewQueue.java "$BASE" "$PASSWORD" "$campaign" "$deep" "$REQUESTS"

echo "== PostgreSQL's own time for the queries (EXPLAIN ANALYZE, execution time)"
for q in \
  "select * from application where confirmed_at is not null and state = 'IN_REVIEW' order by confirmed_at, id limit 26" \
  "select * from application where confirmed_at is not null and state = 'IN_REVIEW' and campaign_id = $campaign and assigned_to is null and exists (select 1 from application_flag f where f.application_id = application.id and f.flag = 'HIGH_BUDGET') order by confirmed_at, id limit 26" \
  "select * from application where confirmed_at is not null and state = 'IN_REVIEW' and search_text like '%chorale 42%' order by confirmed_at, id limit 26"; do
  "${PSQL[@]}" -c "explain (analyze, format text) $q" | grep 'Execution Time' | sed "s/^/  ${q:0:60}...  /"
done
