#!/bin/sh
# Installs one space's phpBB board on its first run, then (every run) signs people in against the space's directory
# subtree with the space's read-only service account, sends mail through the platform's relay, and brings the
# space's admins and members in step with the directory (sync-forum-directory.php). Every value comes from the Job's
# environment. Every phpBB command and configuration key cites the documentation that defines it in a "doc:" line
# just above (a test checks this). Each step can run again: the Job is retried until it succeeds.
# Its result is one line in the container's termination message (/dev/termination-log): OK, or FAILED <step>.
set -eu

step="starting"
report() {
    status=$?
    if [ "$status" -ne 0 ]; then
        echo "FAILED The forum's configuration stopped while $step (exit $status)." > /dev/termination-log || true
    fi
}
trap report EXIT

cli() {
    php /var/www/phpbb/bin/phpbbcli.php --no-interaction "$@"
}

step="checking how the directory is reached"
case "$LDAP_SECURITY" in
    # An LDAP URL with its port: PHP's ldap_connect ignores a separate port once the server is a URL, so
    # ldap_port is 0, which makes phpBB pass the URL alone.
    LDAPS) ldap_server="ldaps://$LDAP_HOST:$LDAP_PORT" ;;
    PLAIN) ldap_server="ldap://$LDAP_HOST:$LDAP_PORT" ;;
    *)
        # phpBB's LDAP provider (phpbb/auth/provider/ldap.php) connects and binds, and never sends StartTLS.
        step="checking how the directory is reached: phpBB cannot use StartTLS, give the forum LDAPS or plain LDAP"
        exit 64
        ;;
esac

step="preparing the forum's volume"
# phpBB's writable places are links from /var/www/phpbb into the volume (see the image's layout.sh).
mkdir -p /var/lib/phpbb/cache /var/lib/phpbb/store /var/lib/phpbb/files /var/lib/phpbb/images/avatars/upload

if [ ! -s /var/lib/phpbb/config.php ]; then
    step="installing the board"
    echo "Installing the board"
    # The installer reads a YAML file: written to the pod's private /tmp, removed right after. Only generated values
    # (host names, identifiers, random passwords) go in it; the board's name and description are set below, through
    # argv. No extension is installed (the default, viglink, calls a third-party host).
    umask 077
    cat > /tmp/install.yml <<YAML
installer:
    admin:
        name: essaim-admin
        password: "${ADMIN_PASSWORD}"
        email: "${MAIL_FROM}"
    board:
        lang: "${BOARD_LANGUAGE}"
        name: "Forum"
        description: "Forum"
    database:
        dbms: postgres
        dbhost: "${DB_HOST}"
        dbport: "${DB_PORT}"
        dbuser: "${DB_USER}"
        dbpasswd: "${DB_PASSWORD}"
        dbname: "${DB_NAME}"
        table_prefix: phpbb_
    email:
        enabled: false
    server:
        cookie_secure: true
        server_protocol: https://
        force_server_vars: true
        server_name: "${BOARD_HOST}"
        server_port: 443
        script_path: /
    extensions: []
YAML
    # The installer lives outside the web root (/usr/local/lib/phpbb-installer/install, see the image's layout.sh):
    # phpBB disables the board while <web root>/install exists, and install/ is never served.
    # doc: https://github.com/phpbb/phpbb/blob/3.3.x/phpBB/docs/INSTALL.html (installing from the command line, with phpBB/docs/install-config.sample.yml)
    php /usr/local/lib/phpbb-installer/install/phpbbcli.php install /tmp/install.yml
    rm -f /tmp/install.yml
    umask 022
fi

step="setting the board's name and language"
# The board's name, description and default language (config keys sitename, site_desc, default_lang), set with the
# phpBB CLI's config:set.
# doc: https://area51.phpbb.com/docs/dev/3.3.x/cli/index.html
cli config:set sitename "$BOARD_NAME"
# doc: https://area51.phpbb.com/docs/dev/3.3.x/cli/index.html
cli config:set site_desc "$BOARD_DESCRIPTION"
# doc: https://area51.phpbb.com/docs/dev/3.3.x/cli/index.html
cli config:set default_lang "$BOARD_LANGUAGE"

step="limiting sessions"
# No "remember me" keys (allow_autologin 0, max_autologin_time 1 day if ever turned on) and sessions of one hour
# (session_length): a person disabled in the directory cannot keep a forum session alive; the directory sync below
# also ends the sessions of whoever is no longer an active member at once.
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/server_configurations/
cli config:set allow_autologin 0
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/server_configurations/
cli config:set max_autologin_time 1
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/server_configurations/
cli config:set session_length 3600

step="configuring mail"
# Mail through the platform's relay (ACP > Client communication > Email settings; keys email_enable, smtp_delivery,
# smtp_host, smtp_port, smtp_auth_method, smtp_username, board_email, board_contact). The relay takes the spaces'
# mail without credentials. phpBB upgrades to TLS by itself when the relay offers STARTTLS, and speaks TLS from the
# first byte when smtp_host starts with ssl://.
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set email_enable 1
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set smtp_delivery 1
if [ "$MAIL_SECURITY" = "TLS" ]; then smtp_host="ssl://$MAIL_HOST"; else smtp_host="$MAIL_HOST"; fi
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set smtp_host "$smtp_host"
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set smtp_port "$MAIL_PORT"
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set smtp_username ""
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set board_email "$MAIL_FROM"
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set board_contact "$MAIL_FROM"

step="configuring sign-in against the directory"
# LDAP authentication, phpBB's own provider (ACP > Client communication > Authentication > LDAP; keys ldap_server,
# ldap_port, ldap_user, ldap_password, ldap_base_dn, ldap_uid, ldap_user_filter, ldap_email). phpBB searches
# (<ldap_uid>=<what the person typed>) under the base, narrowed by the user filter, then binds as the entry found.
# ldap_server is an ldap:// or ldaps:// URL with the port (ldap_port 0); the directory's CA is the file in LDAPTLS_CACERT (read by libldap).
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set ldap_server "$ldap_server"
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set ldap_port 0
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set ldap_user "$LDAP_BIND_DN"
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set ldap_password "$LDAP_BIND_PASSWORD"
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set ldap_base_dn "$LDAP_PEOPLE_BASE"
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set ldap_uid uid
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set ldap_user_filter "$LDAP_USER_FILTER"
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set ldap_email mail
# Switch the board to LDAP sign-in (key auth_method) once everything above is in place.
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set auth_method ldap

step="clearing phpBB's cache"
# doc: https://area51.phpbb.com/docs/dev/3.3.x/cli/index.html
cli cache:purge

step="bringing the space's admins and members in step with the directory"
# The space's admins (cn=admins) become the board's administrators; people no longer active lose their access.
# doc: https://github.com/phpbb/phpbb/blob/3.3.x/phpBB/includes/functions_user.php (user_add, group_user_add, group_user_del, user_active_flip)
php /essaim/sync-forum-directory.php

echo "Forum configured"
echo "OK" > /dev/termination-log
