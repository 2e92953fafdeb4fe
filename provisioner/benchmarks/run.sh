#!/bin/sh
# Runs the provisioner benchmark: fabric8's mock API server (CRUD mode) in one JVM, the provisioner in another with
# a 512 MiB heap, 10,000 spaces. Not part of the test suite. From the repository's root:
#
#   provisioner/benchmarks/run.sh                     # 10,000 spaces, 200 for the latency
#   SPACES=1000 provisioner/benchmarks/run.sh         # a quicker look
#
# Needs a JDK 21+ in JAVA_HOME (or java on the PATH). Prints a Markdown table and writes it to
# provisioner/benchmarks/results/<date>.md.
set -eu
cd "$(dirname "$0")/../.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
SPACES="${SPACES:-10000}"
LATENCY_SPACES="${LATENCY_SPACES:-200}"
WORKERS="${WORKERS:-8}"
PROVISIONER_HEAP="${PROVISIONER_HEAP:-512m}"
RESULTS=provisioner/benchmarks/results
mkdir -p "$RESULTS"

# One reactor build: the sibling modules resolve to their target/classes (nothing is installed into ~/.m2).
./mvnw -B -q -pl provisioner -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/benchmark.cp
CP="provisioner/target/test-classes:provisioner/target/classes:tenant-templates/target/classes:ldap/target/classes:ldap/target/test-classes:$(cat provisioner/target/benchmark.cp)"

LOG=$(mktemp)
"$JAVA" -Xmx6g -XX:+UseParallelGC -Djava.util.logging.config.file=provisioner/src/test/resources/logging.properties \
    -cp "$CP" org.essaim.provisioner.MockApiServerMain 0 >"$LOG" 2>&1 &
MOCK=$!
trap 'kill $MOCK 2>/dev/null || true; rm -f "$LOG"' EXIT INT TERM
for _ in $(seq 1 120); do
    grep -q '^READY ' "$LOG" && break
    sleep 1
done
URL=$(sed -n 's/^READY //p' "$LOG")
[ -n "$URL" ] || { echo "The mock API server did not start:"; cat "$LOG"; exit 1; }

"$JAVA" -Xmx"$PROVISIONER_HEAP" -Dspaces="$SPACES" -DlatencySpaces="$LATENCY_SPACES" -Dworkers="$WORKERS" \
    -Dreport="$RESULTS/$(date +%Y-%m-%d)-${SPACES}-spaces.md" \
    -Dlogback.configurationFile=provisioner/benchmarks/logback.xml \
    -cp "$CP" org.essaim.provisioner.ProvisionerBenchmark "$URL"
