#!/usr/bin/env bash
# On-demand benchmark (not part of the test suite): the staff dashboard at 10,000 spaces and 100,000 applications.
#   control-plane/benchmarks/dashboard.sh [SPACES] [APPLICATIONS] [REQUESTS]
# Starts the packaged application (control-plane/target/essaim.jar; ./mvnw -q -DskipTests package) on a fresh data
# directory, seeds SPACES spaces (in every state) and APPLICATIONS applications (submitted over two years, in every
# state, a few thousand in review) straight into its PostgreSQL, then times REQUESTS sequential requests for
# /staff/dashboard in a signed-in session, in French and in English (after 30 warm-up ones each), and PostgreSQL's own
# time for each of the page's queries (EXPLAIN ANALYZE). The page times are measured by a client on the same machine:
# the server's time plus a loopback round trip. Goal: p95 under 200 ms.
set -euo pipefail
cd "$(dirname "$0")/../.."
SPACES="${1:-10000}"
APPLICATIONS="${2:-100000}"
REQUESTS="${3:-200}"
PORT="${SERVER_PORT:-18197}"
. control-plane/benchmarks/start-essaim.sh dashboard
campaign="$(curl -fsS -u "admin:$PASSWORD" -H 'Content-Type: application/json' -d '{"name": "Dashboard benchmark"}' \
  "$BASE/api/v1/staff/campaigns" | sed 's/.*"id":\([0-9]*\).*/\1/')"

echo "== seeding $SPACES spaces and $APPLICATIONS applications"
# Spaces are seeded as already handed to provisioning (handover_pending false), so that the local provisioner is
# not asked to build 10,000 directory subtrees during the run.
"${PSQL[@]}" <<SQL
insert into space (slug, display_name, language, referent_name, referent_email, name_key, email_key, state,
  created_at, created_by, handover_pending, suspended, deleted_at, erased_at)
select 'space-' || i, 'Association ' || i, 'fr', 'Referent ' || i, 'referent-' || i || '@example.org',
  'association ' || i, 'referent-' || i || '@example.org', s.state, now() - interval '700 days' + i * interval '1 hour',
  'bench', false, s.state = 'SUSPENDED', case when s.state in ('DELETING', 'ERASED') then now() - interval '40 days' end,
  case when s.state = 'ERASED' then now() - interval '10 days' end
from generate_series(1, $SPACES) as i,
  lateral (select case when i % 100 < 88 then 'READY' when i % 100 < 92 then 'PROVISIONING'
    when i % 100 < 94 then 'PENDING' when i % 100 < 97 then 'SUSPENDED' when i % 100 < 99 then 'DELETING'
    else 'ERASED' end as state) as s;

insert into application (campaign_id, state, language, organisation_name, kind, country, main_language, purpose,
  member_count, annual_budget, why_not_paid, slug, contact_name, contact_email, name_key, email_key, search_text,
  submitted_at, confirmation_token_hash, confirmed_at, review_due_at, status_token_hash, decided_at, decided_by,
  decision_reason, ended_at)
select $campaign, a.state, 'fr', 'Association ' || i, 'ASSOCIATION', 'FR', 'fr', 'Objet ' || i, 5 + i % 60,
  (i * 7919) % 60000, 'Pas de budget', 'app-' || i, 'Contact ' || i, 'contact-' || i || '@example.org',
  'association ' || i, 'contact-' || i || '@example.org', 'association ' || i || ' app-' || i,
  a.submitted, md5('c' || i) || md5('d' || i),
  case when a.state not in ('UNCONFIRMED', 'EXPIRED') then a.submitted + interval '2 hours' end,
  case when a.state not in ('UNCONFIRMED', 'EXPIRED') then a.submitted + interval '2 hours' + interval '30 days' end,
  case when a.state not in ('UNCONFIRMED', 'EXPIRED') then md5('s' || i) || md5('t' || i) end,
  case when a.state in ('APPROVED', 'REJECTED', 'DEFERRED') then a.submitted + (i % 45) * interval '1 day' end,
  case when a.state in ('APPROVED', 'REJECTED', 'DEFERRED') then 'admin' end,
  case when a.state in ('APPROVED', 'REJECTED', 'DEFERRED') then 'Motif ' || i end,
  case when a.state in ('WITHDRAWN', 'EXPIRED') then a.submitted + interval '7 days' end
from generate_series(1, $APPLICATIONS) as i,
  lateral (select now() - interval '730 days' + i * (interval '730 days' / $APPLICATIONS) as submitted) as t,
  lateral (select t.submitted, case
    when t.submitted > now() - interval '7 days' and i % 5 = 0 then 'UNCONFIRMED'
    when t.submitted > now() - interval '75 days' and i % 5 < 3 then 'IN_REVIEW'
    when i % 10 < 2 then 'APPROVED' when i % 10 < 5 then 'REJECTED' when i % 10 < 6 then 'DEFERRED'
    when i % 10 < 8 then 'WITHDRAWN' else 'EXPIRED' end as state) as a;
SQL
# What autovacuum does soon after a load: statistics, and the visibility map that lets counts read indexes only.
"${PSQL[@]}" -c "vacuum analyze space" -c "vacuum analyze application"

"${PSQL[@]}" -c "select (select count(*) from space) || ' spaces, ' || count(*) || ' applications, '
  || count(*) filter (where state = 'IN_REVIEW') || ' in review' from application"

echo "== $REQUESTS requests of the dashboard page per language, one at a time"
"$JAVA" control-plane/benchmarks/Dashboard.java "$BASE" "$PASSWORD" "$REQUESTS"

echo "== PostgreSQL's own time for the page's queries (EXPLAIN ANALYZE, execution time)"
for q in \
  "select state, count(*) from space group by state" \
  "select count(*) filter (where review_due_at > now() + interval '23 days'), count(*) filter (where review_due_at <= now() + interval '23 days' and review_due_at > now() + interval '16 days'), count(*) filter (where review_due_at <= now() + interval '16 days' and review_due_at > now() + interval '9 days'), count(*) filter (where review_due_at <= now() + interval '9 days' and review_due_at > now()), count(*) filter (where review_due_at <= now() and review_due_at > now() - interval '30 days'), count(*) filter (where review_due_at <= now() - interval '30 days') from application where state = 'IN_REVIEW'" \
  "select count(*) filter (where decided_at <= review_due_at), count(*) filter (where decided_at > review_due_at) from application where decided_at >= now() - interval '365 days'" \
  "select date_trunc('week', submitted_at at time zone 'UTC'), state, count(*) from application where submitted_at >= date_trunc('week', now()) - interval '11 weeks' group by 1, 2"; do
  plan="$("${PSQL[@]}" -c "explain (analyze, format text) $q")"
  echo "  ${q:0:70}..."
  echo "$plan" | grep -oE '(Index Only Scan|Index Scan|Bitmap Index Scan) (using|on) [a-z_]+|Seq Scan on [a-z_]+|Heap Fetches: [0-9]+|Execution Time: .*' \
    | sort -u | sed 's/^/      /'
done

echo "== the server's own time for the page (Spring's http.server.requests, warm-up included)"
curl -fsS "$BASE/actuator/prometheus" | grep 'uri="/staff/dashboard"' | grep -E '_(count|sum|max)\{' \
  | sed -E 's/\{.*\}//' | awk '{ v[$1] = $2 } END {
      printf "  requests %d, mean %.1f ms, max %.1f ms\n", v["http_server_requests_seconds_count"],
        1000 * v["http_server_requests_seconds_sum"] / v["http_server_requests_seconds_count"],
        1000 * v["http_server_requests_seconds_max"] }'
echo "== load average during the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
