# Sourced by the benchmarks that need the real OpenLDAP: starts slapd with the production configuration (the ldap
# module's OpenLdapConfig, rendered the way the runbook does it), then the packaged application configured for it.
# Sets SLAPD_URL, SLAPD_PORT, BASE_DN, CP_DN, CP_PASSWORD, STAFF_PASSWORD, BASE (the app's URL), PSQL (array) and
# DATA. The caller sets a trap on EXIT that runs stop_all. register_space adds a space as the benchmarks need one.
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR=control-plane/target/essaim.jar
BASE_DN="dc=essaim,dc=bench"
DATA="$(mktemp -d /tmp/essaim-bench-ldap-XXXXXX)"
PORT="${SERVER_PORT:-18091}"

stop_all() {
  if [ -n "${APP:-}" ] && kill -TERM -- "-$APP" 2>/dev/null; then
    for _ in $(seq 1 300); do kill -0 "$APP" 2>/dev/null || break; sleep 0.1; done
  fi
  [ -n "${SLAPD:-}" ] && kill -TERM "$SLAPD" 2>/dev/null && wait "$SLAPD" 2>/dev/null || true
  rm -rf "$DATA"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_slapd() {
  [ -f "$JAR" ] || { echo "Build the jar first: ./mvnw -q -DskipTests package"; exit 1; }
  for program in slapd slapadd slappasswd ldapadd ldapsearch; do
    command -v "$program" >/dev/null || [ -x "/usr/sbin/$program" ] || { echo "$program is needed (apt-get install slapd ldap-utils)"; exit 1; }
  done
  export PATH="$PATH:/usr/sbin"
  mkdir -p "$DATA/lib" "$DATA/ldap/config" "$DATA/ldap/slapd.d" "$DATA/ldap/data"
  # The ldap module and the SDK exactly as the application ships them.
  (cd "$DATA/lib" && unzip -q -j "$OLDPWD/$JAR" 'BOOT-INF/lib/essaim-ldap-*.jar' 'BOOT-INF/lib/unboundid-ldapsdk-*.jar')
  CP_PASSWORD="cp-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  (umask 077 && printf '%s' "$CP_PASSWORD" >"$DATA/cp-password")
  hash="$(slappasswd -o module-path=/usr/lib/ldap -o 'module-load=argon2 m=19456 t=2 p=1' -h '{ARGON2}' -T "$DATA/cp-password")"
  ESSAIM_LDAP_BASE_DN="$BASE_DN" ESSAIM_LDAP_CONTROL_PLANE_PASSWORD_HASH="$hash" \
    ESSAIM_LDAP_DATA_DIR="$DATA/ldap/data" ESSAIM_LDAP_RUN_DIR="$DATA/ldap" \
    "$JAVA" -cp "$DATA/lib/*" org.essaim.ldap.openldap.OpenLdapConfig "$DATA/ldap/config" >/dev/null
  slapadd -n 0 -F "$DATA/ldap/slapd.d" -l "$DATA/ldap/config/slapd-config.ldif" >/dev/null
  slapadd -q -F "$DATA/ldap/slapd.d" -b "$BASE_DN" -l "$DATA/ldap/config/seed.ldif" >/dev/null
  SLAPD_PORT="${SLAPD_PORT:-$(free_port)}"
  SLAPD_URL="ldap://127.0.0.1:$SLAPD_PORT"
  CP_DN="cn=control-plane,$BASE_DN"
  # -d 0: in the foreground (our child), without one log line per operation slowing it down.
  slapd -d 0 -h "$SLAPD_URL/" -F "$DATA/ldap/slapd.d" >"$DATA/slapd.log" 2>&1 &
  SLAPD=$!
  until ldapwhoami -x -H "$SLAPD_URL" -D "$CP_DN" -y "$DATA/cp-password" >/dev/null 2>&1; do
    kill -0 "$SLAPD" 2>/dev/null || { echo "slapd did not start:"; cat "$DATA/slapd.log"; exit 1; }
    sleep 0.1
  done
}

start_app() {
  STAFF_PASSWORD="bench-$(date +%s)-staff-Pw"
  # Extra VARIABLE=value arguments are passed on to the application's environment.
  env ESSAIM_DATA_DIR="$DATA/app" SERVER_PORT="$PORT" ESSAIM_LDAP_URL="$SLAPD_URL" ESSAIM_LDAP_BASE_DN="$BASE_DN" \
    ESSAIM_LDAP_BIND_DN="$CP_DN" ESSAIM_LDAP_BIND_PASSWORD="$CP_PASSWORD" \
    ESSAIM_BOOTSTRAP_STAFF_PASSWORD="$STAFF_PASSWORD" ESSAIM_MAIL_DELIVERY_INTERVAL=1h "$@" \
    setsid sh -c 'echo $$ >"$0/app.pid"; exec "$1" -jar "$2"' "$DATA" "$JAVA" "$JAR" >"$DATA/app.log" 2>&1 &
  # setsid may fork: the application's own pid (and process group) is the one it wrote.
  until [ -s "$DATA/app.pid" ]; do sleep 0.05; done
  APP="$(cat "$DATA/app.pid")"
  until grep -q 'Essaim is ready' "$DATA/app.log"; do
    kill -0 "$APP" 2>/dev/null || { echo "the application did not start:"; tail -20 "$DATA/app.log"; exit 1; }
    sleep 0.2
  done
  PG_PORT="$(sed -n 's/.*Embedded PostgreSQL ready on 127.0.0.1:\([0-9]*\).*/\1/p' "$DATA/app.log" | head -1)"
  PSQL=(psql -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U postgres essaim)
  BASE="http://localhost:$PORT"
}

# Runs an ldap-utils program ("$@") against slapd as the control plane; a script on another directory redefines it.
ldap() { "$@" -x -H "$SLAPD_URL" -D "$CP_DN" -y "$DATA/cp-password"; }

# Registers a space as approval and provisioning leave it: its registry row (READY, handed over) through psql, its
# subtree under ou=spaces with its first admin camille (camille@SLUG.example, in cn=members and cn=admins) through
# ldapadd, all in the application's own layout.
#   register_space SLUG DISPLAY_NAME ACCOUNT_QUOTA CAMILLE_PASSWORD [LDIF_LINE...]
# LDIF_LINE: more attributes of camille's entry (pwdPolicySubentry: ...). Needs PSQL, BASE_DN, DATA and ldap.
register_space() {
  local slug="$1" name="$2" quota="$3" password="$4"
  shift 4
  local sql_name="${name//\'/\'\'}"
  local name_key
  name_key="$(printf '%s' "$sql_name" | tr '[:upper:]' '[:lower:]')"
  "${PSQL[@]}" -c "insert into space (slug, display_name, language, referent_name, referent_email, name_key, email_key,
    state, created_at, created_by, handover_pending, account_quota) values ('$slug', '$sql_name', 'fr', 'Camille',
    'camille@$slug.example', '$name_key', 'camille@$slug.example', 'READY', now(), 'benchmark', false, $quota)"
  local space="ou=$slug,ou=spaces,$BASE_DN"
  {
    printf 'dn: %s\nobjectClass: organizationalUnit\nou: %s\n\n' "$space" "$slug"
    printf 'dn: ou=people,%s\nobjectClass: organizationalUnit\nou: people\n\n' "$space"
    printf 'dn: ou=groups,%s\nobjectClass: organizationalUnit\nou: groups\n\n' "$space"
    printf 'dn: uid=camille,ou=people,%s\nobjectClass: inetOrgPerson\nuid: camille\ncn: Camille\nsn: Camille\n' "$space"
    printf 'displayName: Camille\nmail: camille@%s.example\n' "$slug"
    [ $# -eq 0 ] || printf '%s\n' "$@"
    printf 'userPassword: %s\n\n' "$password"
    for group in members admins; do
      printf 'dn: cn=%s,ou=groups,%s\nobjectClass: groupOfNames\ncn: %s\nmember: uid=camille,ou=people,%s\n\n' \
        "$group" "$space" "$group" "$space"
    done
  } >"$DATA/space-$slug.ldif"
  ldap ldapadd -f "$DATA/space-$slug.ldif" >/dev/null
}
