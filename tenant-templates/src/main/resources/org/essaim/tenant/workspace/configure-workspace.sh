#!/bin/sh
# Configures one space's Nextcloud once its image has installed it. Every value comes from the Job's environment
# (the space's spec and the platform's settings, set by the tenant templates), so this script is the same for every
# space. Every occ command, and every configuration key it sets, cites the documentation page that defines it in a
# "doc:" line just above (a test checks this). Each step can run again: the Job is retried until it succeeds.
set -eu

occ() {
    php /var/www/html/occ --no-interaction "$@"
}

# Wait until the image's entrypoint has installed Nextcloud ("installed": true in occ status).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_command.html#status
until occ status --output=json 2>/dev/null | grep -q '"installed":true'; do
    echo "Waiting for Nextcloud to finish installing"
    sleep 10
done

# The interface language of everyone who has not chosen one (system key default_language).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/config_sample_php_parameters.html#default-language
occ config:system:set default_language --value="$DEFAULT_LANGUAGE"

# Background jobs are run by the pod's cron container (cron.php every five minutes).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_server/background_jobs_configuration.html#cron
occ background:cron

# The LDAP user and group backend, shipped with Nextcloud.
# doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_apps.html#app-commands
occ app:enable user_ldap

# One LDAP configuration, s01, created on the first run only.
# doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_ldap.html
occ ldap:show-config s01 >/dev/null 2>&1 || occ ldap:create-empty-config

# Server tab: host and port of the directory, the space's read-only service account, and a base limited to the
# space's own subtree (keys ldapHost, ldapPort, ldapAgentName, ldapAgentPassword, ldapBase).
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#server-tab
occ ldap:set-config s01 ldapHost "$LDAP_HOST"
# doc: https://docs.nextcloud.com/server/latest/admin_manual/configuration_user/user_auth_ldap.html#server-tab
occ ldap:set-config s01 ldapPort "$LDAP_PORT"
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

# The office suite the space chose, and only that one.
case "$OFFICE_SUITE" in
    COLLABORA)
        # doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_apps.html#app-commands
        occ app:disable onlyoffice >/dev/null 2>&1 || true
        # doc: https://docs.nextcloud.com/server/latest/admin_manual/office/configuration.html
        occ app:enable richdocuments
        # Nextcloud Office's app key wopi_url: the shared Collabora Online server.
        # doc: https://docs.nextcloud.com/server/latest/admin_manual/office/configuration.html
        occ config:app:set richdocuments wopi_url --value="$OFFICE_URL"
        # doc: https://docs.nextcloud.com/server/latest/admin_manual/office/configuration.html
        occ richdocuments:activate-config
        ;;
    ONLYOFFICE)
        # doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_apps.html#app-commands
        occ app:disable richdocuments >/dev/null 2>&1 || true
        # doc: https://api.onlyoffice.com/docs/docs-api/get-started/ready-to-use-connectors/nextcloud-integration/
        occ app:enable onlyoffice
        # The ONLYOFFICE app's keys DocumentServerUrl and jwt_secret: the shared Document Server and its token.
        # doc: https://api.onlyoffice.com/docs/docs-api/get-started/ready-to-use-connectors/nextcloud-integration/
        occ config:app:set onlyoffice DocumentServerUrl --value="$OFFICE_URL"
        # doc: https://api.onlyoffice.com/docs/docs-api/get-started/ready-to-use-connectors/nextcloud-integration/
        occ config:app:set onlyoffice jwt_secret --value="$OFFICE_JWT_SECRET"
        ;;
    *)
        echo "Unknown office suite: $OFFICE_SUITE" >&2
        exit 1
        ;;
esac

# The apps the offer promises: calendar, contacts, photos, deck, collectives (with Teams, app id circles) and
# talk (app id spreed). They come with the image (see the tenant templates' README); enabling is idempotent.
for app in $APPS; do
    # doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_apps.html#app-commands
    occ app:enable "$app"
done

# The serverinfo app's monitoring token (app key token): a request carrying it in its NC-Token header may read this
# workspace's usage report, and nothing else. Only when the platform has a serverinfo key: the Job then has
# SERVERINFO_TOKEN, from the space's serverinfo-token Secret, derived by the provisioner from that key. The app ships
# with Nextcloud; its ApiController compares the header with the app value serverinfo/token.
if [ -n "${SERVERINFO_TOKEN:-}" ]; then
    # doc: https://docs.nextcloud.com/server/latest/admin_manual/occ_apps.html#app-commands
    occ app:enable serverinfo
    # doc: https://github.com/nextcloud/serverinfo/blob/master/lib/Controller/ApiController.php
    occ config:app:set serverinfo token --value="$SERVERINFO_TOKEN"
fi

echo "Workspace configured"
