package org.essaim.signon;

import org.essaim.tenant.SingleSignOn;

import java.util.Optional;

/** A client id read back: {@code space-<slug>-<app>}, the app being one of those that sign in through Essaim. */
record ClientName(String slug, String app) {

    static Optional<ClientName> parse(String clientId) {
        if (clientId == null || !clientId.startsWith("space-")) {
            return Optional.empty();
        }
        for (String app : new String[] {SingleSignOn.WORKSPACE, SingleSignOn.EVENTS}) {
            String suffix = "-" + app;
            if (clientId.endsWith(suffix) && clientId.length() > "space-".length() + suffix.length()) {
                String slug = clientId.substring("space-".length(), clientId.length() - suffix.length());
                return Optional.of(new ClientName(slug, app));
            }
        }
        return Optional.empty();
    }
}
