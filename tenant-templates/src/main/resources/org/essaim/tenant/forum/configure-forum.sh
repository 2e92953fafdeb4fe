#!/bin/sh
# Installs one space's phpBB board on its first run, then (every run) signs people in against the space's directory
# subtree with the space's read-only service account. Every value comes from the Job's environment. Every phpBB
# command and configuration key cites the documentation that defines it in a "doc:" line just above (a test checks
# this). Each step can run again: the Job is retried until it succeeds.
set -eu

cli() {
    php /var/www/phpbb/bin/phpbbcli.php --no-interaction "$@"
}

if [ ! -s /var/lib/phpbb/config.php ]; then
    echo "Installing the board"
    # The installer reads a YAML file: written to the pod's private /tmp, removed right after. Only generated values
    # (host names, identifiers, random passwords) go in it; the board's name is set below, through argv.
    umask 077
    cat > /tmp/install.yml <<YAML
installer:
    admin:
        name: essaim-admin
        password: "${ADMIN_PASSWORD}"
        email: "${ADMIN_EMAIL}"
    board:
        lang: "${BOARD_LANGUAGE}"
        name: "Forum"
        description: ""
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
YAML
    # doc: https://github.com/phpbb/phpbb/blob/3.3.x/phpBB/docs/INSTALL.html (installing from the command line, with phpBB/docs/install-config.sample.yml)
    php /var/www/phpbb/install/phpbbcli.php install /tmp/install.yml
    rm -f /tmp/install.yml
fi

# The board's name and default language (config keys sitename, default_lang), set with the phpBB CLI's config:set.
# doc: https://area51.phpbb.com/docs/dev/3.3.x/cli/index.html
cli config:set sitename "$BOARD_NAME"
# doc: https://area51.phpbb.com/docs/dev/3.3.x/cli/index.html
cli config:set default_lang "$BOARD_LANGUAGE"

# LDAP authentication, phpBB's own provider (ACP > Client communication > Authentication > LDAP; keys ldap_server,
# ldap_port, ldap_user, ldap_password, ldap_base_dn, ldap_uid, ldap_user_filter, ldap_email). phpBB searches
# (<ldap_uid>=<what the person typed>) under the base, narrowed by the user filter, then binds as the entry found.
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set ldap_server "$LDAP_HOST"
# doc: https://www.phpbb.com/support/docs/en/3.3/ug/adminguide/general_client/
cli config:set ldap_port "$LDAP_PORT"
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

# doc: https://area51.phpbb.com/docs/dev/3.3.x/cli/index.html
cli cache:purge

echo "Forum configured"
