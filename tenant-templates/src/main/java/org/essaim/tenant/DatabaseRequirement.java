package org.essaim.tenant;

import java.util.List;

/**
 * A database one of a space's apps needs on the tenant PostgreSQL server: its own database, owned by its own login
 * role, whose password is in the given Secret (key {@code password}), with the extensions the app expects.
 *
 * @param app        the app, as it names itself ({@code nextcloud}, {@code mobilizon}, {@code phpbb})
 * @param component  which of the space's components uses it
 * @param database   the database's name ({@code <app>_<slug>})
 * @param role       the login role owning it (same name)
 * @param secret     the Secret holding the role's password under {@code password}
 * @param extensions extensions created in the database by the provisioner (apps cannot, without superuser rights)
 */
public record DatabaseRequirement(
        String app, Component component, String database, String role, String secret, List<String> extensions) {

    public static final String PASSWORD_KEY = "password";

    public DatabaseRequirement {
        extensions = List.copyOf(extensions);
    }
}
