#!/bin/sh
# Configures one space's Nextcloud once its image has installed it. Every value comes from the Job's environment
# (the space's spec and the platform's settings, set by the tenant templates), so this script is the same for every
# space. Every occ command, and every configuration key it sets, cites the documentation page (or, where the
# documentation says nothing, the source) that defines it in a "doc:" line just above (a test checks this). Each step
# can run again: the Job is retried until it succeeds.
#
# Result, for the provisioner (the container's termination message, the file TERMINATION_LOG names, which is the
# container's terminationMessagePath): exactly one line at the
# end. "OK" when everything is configured; "INCOMPLETE missing-apps=<id>,<id>" when everything else is configured but
# some app of the offer is not in the image (or refuses to enable), exit status 0; "FAILED <which step>" when a step
# failed (exit status not 0; the Job retries).
set -eu

step="starting"
missing=""

report() {
    printf '%s\n' "$1" >"$TERMINATION_LOG" 2>/dev/null || true
    echo "$1"
}

finish() {
    status=$?
    if [ "$status" -ne 0 ]; then
        report "FAILED The workspace could not be configured: $step failed (exit status $status)."
    fi
}
trap finish EXIT

occ() {
    php /var/www/html/occ --no-interaction "$@"
}

# Whether an app is in the image (occ app:getpath fails for an app Nextcloud cannot find on its apps_paths).
present() {
    php /var/www/html/occ --no-interaction app:getpath "$1" >/dev/null 2>&1
}

# Waits for a URL to answer (the office server), a bounded number of times, saying what it waits for.
wait_for() {
    tries=0
    until php -r 'exit(@file_get_contents($argv[1], false, stream_context_create(["http" => ["timeout" => 10]])) === false ? 1 : 0);' "$1"; do
        tries=$((tries + 1))
        if [ "$tries" -ge 60 ]; then
            echo "The office server did not answer at $1 after 60 tries (about 15 minutes)" >&2
            return 1
        fi
        echo "Waiting for the office server to answer at $1 (try $tries of 60)"
        sleep 10
    done
}

# Wait until the image's entrypoint has installed Nextcloud ("installed": true in occ status).
step="waiting for Nextcloud to finish installing"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_command.html#status
until occ status --output=json 2>/dev/null | grep -q '"installed":true'; do
    echo "Waiting for Nextcloud to finish installing"
    sleep 10
done

# A new image can bring newer apps with the same Nextcloud version (the entrypoint upgrades only a new Nextcloud):
# their database migrations run here.
step="upgrading the apps the image brought"
if occ status --output=json | grep -q '"needsDbUpgrade":true'; then
    # doc: https://docs.nextcloud.com/server/latest/admin_manual/maintenance/upgrade.html
    occ upgrade
fi

step="setting the workspace's address"
# The address every link Nextcloud writes outside a web request points to (WOPI callbacks, mails, background jobs):
# the space's public https address (system keys overwrite.cli.url, overwriteprotocol).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html#overwrite-cli-url
occ config:system:set overwrite.cli.url --value="$WORKSPACE_URL"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html#overwriteprotocol
occ config:system:set overwriteprotocol --value=https

# The apps come with the image and nowhere else: a space's pods cannot reach the app store (system key
# appstoreenabled), so Nextcloud never tries to download one.
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html#appstoreenabled
occ config:system:set appstoreenabled --value=false --type=boolean

# The data directory is the volume's root: kubelet gives it group 33 and mode 2775 (fsGroup), and the pod, which
# does not own it, cannot chmod it to 0770. Only uid 33 runs in the pod, so the check is switched off (system key
# check_data_directory_permissions; the image sets it too, before the first installation).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html#check-data-directory-permissions
occ config:system:set check_data_directory_permissions --value=false --type=boolean

step="setting the default language"
# The interface language of everyone who has not chosen one (system key default_language).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html#default-language
occ config:system:set default_language --value="$DEFAULT_LANGUAGE"

# Background jobs are run by the pod's cron container (cron.php every five minutes).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/background_jobs_configuration.html#cron
occ background:cron

step="configuring the directory"
# The LDAP user and group backend, shipped with Nextcloud.
# doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_apps.html#app-commands
occ app:enable user_ldap

# One LDAP configuration, s01, created on the first run only.
# doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_ldap.html
occ ldap:show-config s01 >/dev/null 2>&1 || occ ldap:create-empty-config

# Server tab: host (a plain host name, or an ldaps:// URL for LDAPS) and port of the directory, the space's read-only service account, and a base limited to the
# space's own subtree (keys ldapHost, ldapPort, ldapAgentName, ldapAgentPassword, ldapBase).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#server-tab
occ ldap:set-config s01 ldapHost "$LDAP_HOST"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#server-tab
occ ldap:set-config s01 ldapPort "$LDAP_PORT"
# StartTLS before binding when the platform asks for it (key ldapTLS, 1 = StartTLS; with LDAPS, LDAP_HOST is an
# ldaps:// URL and ldapTLS stays 0). The directory's CA, when the platform has one, is given to PHP's LDAP library by
# the LDAPTLS_CACERT variable of the containers (see the tenant templates' README).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#server-tab
occ ldap:set-config s01 ldapTLS "$LDAP_TLS"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#server-tab
occ ldap:set-config s01 ldapAgentName "$LDAP_BIND_DN"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#server-tab
occ ldap:set-config s01 ldapAgentPassword "$LDAP_BIND_PASSWORD"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#server-tab
occ ldap:set-config s01 ldapBase "$LDAP_BASE"

# Users tab: only members of the space's members group are Nextcloud users (keys ldapUserFilter,
# ldapUserFilterObjectclass, ldapUserFilterMode 1 = the filter is written by hand).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#user-filter
occ ldap:set-config s01 ldapUserFilterMode 1
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#user-filter
occ ldap:set-config s01 ldapUserFilterObjectclass inetOrgPerson
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#user-filter
occ ldap:set-config s01 ldapUserFilter "$LDAP_USER_FILTER"

# Login attributes tab: sign in with the uid or the email address (keys ldapLoginFilterMode, ldapLoginFilter,
# ldapLoginFilterUsername, ldapLoginFilterEmail).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#login-filter
occ ldap:set-config s01 ldapLoginFilterMode 1
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#login-filter
occ ldap:set-config s01 ldapLoginFilterUsername 1
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#login-filter
occ ldap:set-config s01 ldapLoginFilterEmail 1
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#login-filter
occ ldap:set-config s01 ldapLoginFilter "$LDAP_LOGIN_FILTER"

# Groups tab: the space's two groups (keys ldapGroupFilterMode, ldapGroupFilterObjectclass, ldapGroupFilter).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#group-filter
occ ldap:set-config s01 ldapGroupFilterMode 1
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#group-filter
occ ldap:set-config s01 ldapGroupFilterObjectclass groupOfNames
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#group-filter
occ ldap:set-config s01 ldapGroupFilter "$LDAP_GROUP_FILTER"

# Advanced tab, directory settings: where people and groups are, how membership is written, which attributes
# hold the display name and the email (keys ldapBaseUsers, ldapBaseGroups, ldapGroupMemberAssocAttr,
# ldapUserDisplayName, ldapEmailAttribute).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#directory-settings
occ ldap:set-config s01 ldapBaseUsers "$LDAP_USERS_BASE"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#directory-settings
occ ldap:set-config s01 ldapBaseGroups "$LDAP_GROUPS_BASE"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#directory-settings
occ ldap:set-config s01 ldapGroupMemberAssocAttr member
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#directory-settings
occ ldap:set-config s01 ldapUserDisplayName displayName
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#special-attributes
occ ldap:set-config s01 ldapEmailAttribute mail

# Expert tab: internal user names are the uid, so they are stable and readable (key ldapExpertUsernameAttr).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#expert-settings
occ ldap:set-config s01 ldapExpertUsernameAttr uid

# The space's admins group is Nextcloud's admin group for this configuration (key ldapAdminGroup, Nextcloud 28+;
# occ ldap:promote-group sets the same key but needs the group to exist already, which the first person brings).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#expert-settings
occ ldap:set-config s01 ldapAdminGroup "$LDAP_ADMIN_GROUP"

# Everything is set: turn the configuration on (key ldapConfigurationActive).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#server-tab
occ ldap:set-config s01 ldapConfigurationActive 1

# The space's admins are Nextcloud admins at once, not after the hourly UpdateGroups job: listing the groups maps
# the space's two LDAP groups to Nextcloud groups now (what UpdateGroups would do), and ldap:promote-group then
# checks that the admins group is an LDAP group of this configuration and stores its Nextcloud group id as
# ldapAdminGroup. A space whose admins group is still empty (no admin yet) keeps the key set above and gets the
# mapping from the next run or from UpdateGroups; this never fails the Job.
step="making the space's admins Nextcloud admins"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_users.html#group-commands
occ group:list --output=json >/dev/null
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#expert-settings
if ! php /var/www/html/occ --no-interaction ldap:promote-group "$LDAP_ADMIN_GROUP" --yes; then
    echo "The group $LDAP_ADMIN_GROUP is not in the directory yet; ldapAdminGroup stays $LDAP_ADMIN_GROUP" >&2
fi

# The space's storage quota: the accounts share the data volume (its size is the space's storage quota), and each
# account's Nextcloud quota is that same amount (files app key default_quota), so Nextcloud reports it, refuses an
# upload beyond it with its quota message, and, as the quota wrapper also counts the volume's free space, reports and
# enforces what is left of the shared volume when the accounts together come near it. A quota changed by staff
# changes STORAGE_QUOTA, hence the Job's hash: the Job runs again and sets the new amount.
step="setting the storage quota"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_configuration.html
occ config:app:set files default_quota --value="$STORAGE_QUOTA"

# Mail through the platform's relay, without credentials (system keys mail_smtpmode, mail_smtphost, mail_smtpport,
# mail_smtpsecure: "ssl" for TLS from the first byte, empty otherwise, Nextcloud then uses STARTTLS when the relay
# offers it; mail_smtpauth; mail_from_address and mail_domain make the sender).
step="setting up mail"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/email_configuration.html
occ config:system:set mail_smtpmode --value=smtp
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/email_configuration.html
occ config:system:set mail_smtphost --value="$MAIL_HOST"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/email_configuration.html
occ config:system:set mail_smtpport --value="$MAIL_PORT" --type=integer
case "$MAIL_SECURITY" in
    TLS) smtpsecure=ssl ;;
    *) smtpsecure="" ;;
esac
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/email_configuration.html
occ config:system:set mail_smtpsecure --value="$smtpsecure"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/email_configuration.html
occ config:system:set mail_smtpauth --value=false --type=boolean
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/email_configuration.html
occ config:system:set mail_from_address --value="$MAIL_FROM_LOCAL_PART"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/email_configuration.html
occ config:system:set mail_domain --value="$MAIL_FROM_DOMAIN"

# The apps the offer promises: calendar, contacts, photos, deck, collectives (with Teams, app id circles) and
# talk (app id spreed). They come with the image (tenant-templates/images/workspace); an app the image lacks, or
# one that refuses to enable, is reported in the result line, and everything else is still configured.
step="enabling the offer's apps"
for app in $APPS; do
    if present "$app"; then
        # doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_apps.html#app-commands
        occ app:enable "$app" || missing="$missing,$app"
    else
        echo "The app $app is not in the workspace image" >&2
        missing="$missing,$app"
    fi
done

# Single sign-on: Essaim is the space's OpenID Connect provider (issuer SSO_ISSUER, the control plane's public
# address) and user_oidc, in the image, its client SSO_CLIENT_ID, whose secret the Job has from the space's
# sso-clients Secret (SSO_CLIENT_SECRET, read by occ from the environment so it is never on a command line). A person
# who signs in through it is the directory's account, not a new one: auto_provision off (system key
# user_oidc.auto_provision) makes user_oidc look the uid up in the other backends (user_ldap) and refuse anyone it does
# not find there, the uid is the token's preferred_username as is (mapping-uid, unique-uid 0: no hashing), so files
# and shares stay with their owner. The directory sign-in stays (allow_multiple_user_backends 1): the sync clients,
# app passwords and login flow v2 keep working. PKCE (system key user_oidc.use_pkce) is used as the provider
# announces S256. The provider's back-channel logout reaches /apps/user_oidc/backchannel-logout/essaim.
step="configuring single sign-on"
if present user_oidc; then
    # doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_apps.html#app-commands
    occ app:enable user_oidc
    # doc: https://github.com/nextcloud/user_oidc/blob/main/lib/Controller/LoginController.php
    occ config:system:set user_oidc auto_provision --value=false --type=boolean
    # doc: https://github.com/nextcloud/user_oidc/blob/main/lib/Controller/LoginController.php
    occ config:system:set user_oidc use_pkce --value=true --type=boolean
    # doc: https://github.com/nextcloud/user_oidc/blob/main/lib/Service/SettingsService.php
    occ config:app:set user_oidc allow_multiple_user_backends --value=1 --lazy
    # Creates the provider "essaim" on the first run, updates it afterwards (a rotated secret, a new issuer).
    # doc: https://github.com/nextcloud/user_oidc/blob/main/README.md
    occ user_oidc:provider essaim --clientid="$SSO_CLIENT_ID" --clientsecret-env=SSO_CLIENT_SECRET \
        --discoveryuri="$SSO_ISSUER/.well-known/openid-configuration" --scope="openid email profile" \
        --unique-uid=0 --mapping-uid=preferred_username --mapping-display-name=name --mapping-email=email \
        --check-bearer=0 --bearer-provisioning=0 --group-provisioning=0 --send-id-token-hint=1 \
        --postlogouturi="$WORKSPACE_URL/"
else
    echo "The app user_oidc is not in the workspace image" >&2
    missing="$missing,user_oidc"
fi

# The serverinfo app's monitoring token (app key token): a request carrying it in its NC-Token header may read this
# workspace's usage report, and nothing else. Only when the platform has a serverinfo key: the Job then has
# SERVERINFO_TOKEN, from the space's serverinfo-token Secret, derived by the provisioner from that key. The app ships
# with Nextcloud; its ApiController compares the header with the app value serverinfo/token.
step="setting the serverinfo token"
if [ -n "${SERVERINFO_TOKEN:-}" ]; then
    # doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_apps.html#app-commands
    occ app:enable serverinfo
    # doc: https://github.com/nextcloud/serverinfo/blob/master/lib/Controller/ApiController.php
    occ config:app:set serverinfo token --value="$SERVERINFO_TOKEN"
fi

# The office suite the space chose, and only that one, last: it waits for the office server, which may be slow to
# start. OFFICE_INTERNAL_URL is how Nextcloud's server reaches it inside the cluster, OFFICE_URL how browsers do.
step="configuring the office suite"
case "$OFFICE_SUITE" in
    COLLABORA)
        # doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_apps.html#app-commands
        occ app:disable onlyoffice >/dev/null 2>&1 || true
        if present richdocuments; then
            # doc: https://docs.nextcloud.com/server/latest/admin_manual/office/configuration.html
            occ app:enable richdocuments
            # Nextcloud Office's app keys: wopi_url, the address its server fetches the discovery from and calls;
            # public_wopi_url, the origin browsers load the editor from (set after activate-config, which guesses
            # it from the discovery).
            # doc: https://docs.nextcloud.com/server/latest/admin_manual/office/configuration.html
            occ config:app:set richdocuments wopi_url --value="$OFFICE_INTERNAL_URL"
            step="waiting for the office server (Collabora Online)"
            wait_for "$OFFICE_INTERNAL_URL/hosting/discovery"
            step="activating the office configuration"
            # doc: https://docs.nextcloud.com/server/latest/admin_manual/office/configuration.html
            occ richdocuments:activate-config
            # doc: https://github.com/nextcloud/richdocuments/blob/main/lib/Command/ActivateConfig.php
            occ config:app:set richdocuments public_wopi_url --value="$OFFICE_URL"
        else
            echo "The app richdocuments is not in the workspace image" >&2
            missing="$missing,richdocuments"
        fi
        ;;
    ONLYOFFICE)
        # doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_apps.html#app-commands
        occ app:disable richdocuments >/dev/null 2>&1 || true
        if present onlyoffice; then
            # doc: https://api.onlyoffice.com/docs/docs-api/get-started/ready-to-use-connectors/nextcloud-integration/
            occ app:enable onlyoffice
            # The ONLYOFFICE app's keys (lib/AppConfig.php): DocumentServerUrl, the Document Server for browsers;
            # DocumentServerInternalUrl, for Nextcloud's server; StorageUrl, Nextcloud for the Document Server;
            # jwt_secret, the token both sign requests with.
            # doc: https://api.onlyoffice.com/docs/docs-api/get-started/ready-to-use-connectors/nextcloud-integration/
            occ config:app:set onlyoffice DocumentServerUrl --value="$OFFICE_URL/"
            # doc: https://api.onlyoffice.com/docs/docs-api/get-started/ready-to-use-connectors/nextcloud-integration/
            occ config:app:set onlyoffice DocumentServerInternalUrl --value="$OFFICE_INTERNAL_URL/"
            # doc: https://api.onlyoffice.com/docs/docs-api/get-started/ready-to-use-connectors/nextcloud-integration/
            occ config:app:set onlyoffice StorageUrl --value="$WORKSPACE_URL/"
            # doc: https://api.onlyoffice.com/docs/docs-api/get-started/ready-to-use-connectors/nextcloud-integration/
            occ config:app:set onlyoffice jwt_secret --value="$OFFICE_JWT_SECRET"
            step="waiting for the office server (ONLYOFFICE Document Server)"
            wait_for "$OFFICE_INTERNAL_URL/healthcheck"
        else
            echo "The app onlyoffice is not in the workspace image" >&2
            missing="$missing,onlyoffice"
        fi
        ;;
    *)
        echo "Unknown office suite: $OFFICE_SUITE" >&2
        exit 1
        ;;
esac

if [ -n "$missing" ]; then
    report "INCOMPLETE missing-apps=${missing#,}"
else
    report "OK"
fi
