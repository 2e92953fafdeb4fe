# Sourced by the benchmarks, not run: starts the packaged application (control-plane/target/essaim.jar) on a fresh
# data directory, waits until it is ready, and stops it and removes the directory when the script exits.
#   PORT=18091 . control-plane/benchmarks/start-essaim.sh <name> [VAR=value ...]
# The VAR=value pairs are passed to the application's environment. Sets DATA (the run's directory), PASSWORD (the
# staff account admin's), JAVA, BASE (the web address), PG_PORT and PSQL (psql on its embedded PostgreSQL, an array).
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR=control-plane/target/essaim.jar
PASSWORD="bench-$(date +%s)-Pw"
DATA="$(mktemp -d "/tmp/essaim-$1-XXXXXX")"
shift
[ -f "$JAR" ] || { echo "Build the jar first: ./mvnw -q -DskipTests package"; exit 1; }

cleanup() {
  [ -n "${APP:-}" ] && kill -TERM -- "-$APP" 2>/dev/null && wait "$APP" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT

env ESSAIM_DATA_DIR="$DATA/data" SERVER_PORT="$PORT" ESSAIM_LDAP_EMBEDDED_PORT=0 \
  ESSAIM_BOOTSTRAP_STAFF_PASSWORD="$PASSWORD" "$@" setsid "$JAVA" -jar "$JAR" >"$DATA/app.log" 2>&1 &
APP=$!
until grep -qs 'Essaim is ready' "$DATA/app.log"; do
  kill -0 "$APP" 2>/dev/null || { echo "the application did not start:"; tail -20 "$DATA/app.log"; exit 1; }
  sleep 0.2
done
PG_PORT="$(sed -n 's/.*Embedded PostgreSQL ready on 127.0.0.1:\([0-9]*\).*/\1/p' "$DATA/app.log" | head -1)"
PSQL=(psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres essaim)
BASE="http://localhost:$PORT"
