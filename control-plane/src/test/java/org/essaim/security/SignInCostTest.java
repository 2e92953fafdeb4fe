package org.essaim.security;

import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.StaffAccounts;
import org.essaim.ldap.testing.OperationLog;
import org.essaim.member.TestSpaces;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.SpaceSettings;
import org.essaim.testing.EssaimTest;
import org.essaim.web.RateLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Usernames cannot be told apart by what a failed sign-in costs: the whole sign-in check (the provider, as pages and
 * the API use it) asks the directory for the same operations for an existing account with a wrong password, an
 * unknown name, a disabled person and an unknown space. Counted by a proxy in front of the application's directory
 * that logs every operation ({@link OperationLog}); the database work (registry read, counters) is the same code
 * path whoever is named. Timings are measured by {@code benchmarks/sign-in-timing.sh}, not here.
 */
@EssaimTest
class SignInCostTest {

    private static final String PASSWORD = "a right and long password";

    @Autowired
    DirectoryConnection directory;

    @Autowired
    SpaceMembers spaceMembers;

    @Autowired
    RateLimit rateLimit;

    @Autowired
    SpaceRegistry spaces;

    @Autowired
    SpaceSettings spaceSettings;

    @Autowired
    TransactionTemplate transaction;

    private OperationLog log;
    private DirectoryConnection logged;
    private DirectoryAuthenticationProvider provider;

    @BeforeEach
    void throughTheLog() {
        log = OperationLog.inFrontOf(directory.settings());
        logged = DirectoryConnection.connect(log.settings());
        // Limits out of the way: this counts the directory's work, not the throttle's.
        provider = new DirectoryAuthenticationProvider(
                new SpaceMembers(logged),
                new StaffAccounts(logged),
                rateLimit,
                spaces,
                spaceSettings,
                new SignInSettings(1_000_000, 1_000_000, Duration.ZERO, Duration.ZERO),
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        logged.close();
        log.close();
    }

    private List<String> shapeOf(String username, String password) {
        log.take();
        try {
            provider.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
        } catch (BadCredentialsException expected) {
            // the failures are what is measured
        }
        return log.take().stream()
                .map(op -> op.kind() + " " + op.details().replaceAll("=[^()]*\\)", "=?)") + " -> " + op.resultCode())
                .toList();
    }

    @Test
    void failedSpaceSignInsCostTheSameWhoeverTheyName() {
        String slug = TestSpaces.create(spaces, transaction, directory, TestSpaces.uniqueSlug("cost"));
        String name = TestSpaces.name(slug);
        spaceMembers.setPassword(slug, TestSpaces.ADMIN_UID, PASSWORD, name);
        spaceMembers.create(slug, "dana", "Dana", "dana-" + slug + "@example.org");
        spaceMembers.setPassword(slug, "dana", PASSWORD, name);
        spaceMembers.disable(slug, "dana");

        Map<String, List<String>> shapes = new LinkedHashMap<>();
        shapes.put("existing account, wrong password", shapeOf(TestSpaces.ADMIN_UID + "@" + slug, "wrong password!"));
        shapes.put("unknown uid", shapeOf("nobody@" + slug, "wrong password!"));
        shapes.put(
                "existing email, wrong password", shapeOf(slug + "-referent@example.org@" + slug, "wrong password!"));
        shapes.put("unknown email", shapeOf("nobody@example.org@" + slug, "wrong password!"));
        shapes.put("disabled person, right password", shapeOf("dana@" + slug, PASSWORD));
        shapes.put(
                "address of a space that does not exist",
                shapeOf(TestSpaces.ADMIN_UID + "@no-such-space-here", "wrong!"));

        List<String> reference = shapes.get("existing account, wrong password");
        assertThat(reference).hasSize(3);
        shapes.forEach((what, shape) -> assertThat(
                        what.startsWith("address of a space")
                                ? shape.stream()
                                        .map(line -> line.replace("-> 32", "-> 0"))
                                        .toList()
                                : shape)
                .as(what)
                .isEqualTo(reference));
        assertThat(shapeOf(TestSpaces.ADMIN_UID + "@" + slug, PASSWORD))
                .as("a success asks the same, and binds")
                .containsExactly(reference.get(0), "BIND  -> 0", reference.get(2));
        assertThatThrownBy(() -> provider.authenticate(
                        UsernamePasswordAuthenticationToken.unauthenticated("dana@" + slug, PASSWORD)))
                .isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void failedStaffSignInsCostTheSameWhetherTheAccountExistsOrNot() {
        List<String> known = shapeOf("admin", "wrong password!");
        List<String> unknown = shapeOf("nobody-at-all", "wrong password!");
        assertThat(known).hasSize(3);
        assertThat(unknown.stream().map(line -> line.replace("-> 32", "-> 0")).toList())
                .isEqualTo(known);
    }
}
