package org.essaim.usage;

import org.awaitility.Awaitility;
import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpaceSubtrees;
import org.essaim.space.NewSpace;
import org.essaim.space.SpaceRegistry;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/** Spaces with people in the directory, for the usage tests. */
final class UsageFixtures {

    static final long GIB = 1L << 30;

    private UsageFixtures() {}

    /** Registers a space (40 GiB, 50 accounts) and waits until the in-process provisioner made its subtree. */
    static String space(
            SpaceRegistry registry, TransactionTemplate transaction, DirectoryConnection directory, String language) {
        String slug = "use-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        transaction.executeWithoutResult(status -> registry.register(
                new NewSpace(
                        slug,
                        "Les Amis de " + slug,
                        language,
                        "Camille",
                        "referent-" + slug + "@example.org",
                        null,
                        null),
                "test-setup"));
        awaitTrue(() -> new SpaceSubtrees(directory).spaceReady(slug), "the space's subtree");
        return slug;
    }

    static String email(String uid, String slug) {
        return uid + "-" + slug + "@example.org";
    }

    static void person(DirectoryConnection directory, String slug, String uid) {
        new SpaceMembers(directory).create(slug, uid, uid, email(uid, slug));
    }

    /** Free bytes that make a 40 GiB workspace use {@code percent} of it. */
    static long freeFor(int percent) {
        return 40 * GIB * (100 - percent) / 100;
    }

    static ServerInfoSource serverInfo(SourceStub stub, Duration timeout) {
        return new ServerInfoSource(stub.serverInfoUrl(), SourceStub.TOKEN_KEY, timeout, 4, Duration.ofSeconds(60));
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        Awaitility.await(what)
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }
}
