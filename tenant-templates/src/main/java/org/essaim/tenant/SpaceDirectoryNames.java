package org.essaim.tenant;

/**
 * Where a space lives in the directory, as its apps see it: {@code ou=<slug>,ou=spaces,<base>} with
 * {@code ou=people}, {@code ou=groups} ({@code cn=members}, {@code cn=admins}) and the read-only {@code cn=service}
 * account. The ldap module's DirectoryLayout is the authority; tenant-templates depends on nothing of Essaim's, so
 * it spells the same layout out here and the provisioner's tests prove the two agree. Slugs are plain
 * ({@link org.essaim.space.resource.SpaceSlug}), so no DN escaping is needed.
 */
public record SpaceDirectoryNames(
        String space, String people, String groups, String members, String admins, String serviceAccount) {

    public static final String MEMBERS_GROUP = "members";
    public static final String ADMINS_GROUP = "admins";

    public static SpaceDirectoryNames of(String slug, String baseDn) {
        String space = "ou=" + slug + ",ou=spaces," + baseDn;
        String groups = "ou=groups," + space;
        return new SpaceDirectoryNames(
                space,
                "ou=people," + space,
                groups,
                "cn=" + MEMBERS_GROUP + "," + groups,
                "cn=" + ADMINS_GROUP + "," + groups,
                "cn=service," + space);
    }
}
