package org.essaim.member;

import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpaceSubtrees;
import org.essaim.space.NewSpace;
import org.essaim.space.SpaceRegistry;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.concurrent.ThreadLocalRandom;

/** A registered space with its directory subtree and a first admin, for the member tests. */
public final class TestSpaces {

    public static final String ADMIN_UID = "referent";

    private TestSpaces() {}

    public static String uniqueSlug(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    /** Registers {@code slug} ("Les Amis de <slug>", in French) and creates its subtree and first admin. */
    public static String create(
            SpaceRegistry registry, TransactionTemplate transaction, DirectoryConnection directory, String slug) {
        transaction.executeWithoutResult(status -> registry.register(
                new NewSpace(slug, name(slug), "fr", "Camille", slug + "-referent@example.org", null, null),
                "test-setup"));
        new SpaceSubtrees(directory).ensureSpace(slug, "service-password-" + slug);
        new SpaceMembers(directory).create(slug, ADMIN_UID, "Camille Référente", slug + "-referent@example.org");
        return slug;
    }

    public static String name(String slug) {
        return "Les Amis de " + slug;
    }
}
