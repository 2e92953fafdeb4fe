package org.essaim.ldap;

import org.essaim.ldap.testing.OperationLog;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed sign-in asks the directory for the same operations whoever it names: an existing account with a wrong
 * password, nobody, a disabled person, by uid or by email. Counted by a proxy that logs every operation the code
 * sends ({@link OperationLog}), on the embedded directory ({@link SignInCostTest}) and on slapd with the production
 * configuration ({@link SlapdSignInCostTest}), which also shows that the password check behind each bind is real.
 */
abstract class SignInCostContract {

    private static final AtomicInteger SPACES = new AtomicInteger();
    static final String PASSWORD = "a long and right password";

    /** The directory as the control plane reaches it (for setting up). */
    abstract DirectoryConnection directory();

    /** The same directory reached through the operation log. */
    abstract OperationLog log();

    /** A connection through the log. */
    abstract DirectoryConnection logged();

    String spaceWithPeople() {
        String slug = "cost-" + SPACES.incrementAndGet();
        new SpaceSubtrees(directory()).ensureSpace(slug, "a long service password " + slug);
        SpaceMembers members = new SpaceMembers(directory());
        members.create(slug, "camille", "Camille", "camille@example.org");
        members.create(slug, "dana", "Dana", "dana@example.org");
        members.setPassword(slug, "camille", PASSWORD, "Cost");
        members.setPassword(slug, "dana", PASSWORD, "Cost");
        members.disable(slug, "dana");
        return slug;
    }

    /** The operations of one attempt, less who they name: kind, scope and filter shape, and how the bind ended. */
    List<String> shapeOf(BooleanSupplier attempt, String slug) {
        log().take();
        attempt.getAsBoolean();
        return log().take().stream()
                .map(op -> op.kind() + " " + op.details().replaceAll("=[^()]*\\)", "=?)") + " -> " + op.resultCode())
                .toList();
    }

    @Test
    void everyFailedSpaceSignInAsksTheSameOfTheDirectory() {
        String slug = spaceWithPeople();
        SpaceMembers members = new SpaceMembers(logged());
        Map<String, BooleanSupplier> attempts = new LinkedHashMap<>();
        attempts.put(
                "existing uid, wrong password",
                () -> members.signIn(members.signInCandidate(slug, "camille"), "wrong password!"));
        attempts.put("unknown uid", () -> members.signIn(members.signInCandidate(slug, "nobody"), "wrong password!"));
        attempts.put(
                "disabled uid, right password", () -> members.signIn(members.signInCandidate(slug, "dana"), PASSWORD));
        attempts.put(
                "existing email, wrong password",
                () -> members.signIn(members.signInCandidate(slug, "camille@example.org"), "wrong password!"));
        attempts.put(
                "unknown email",
                () -> members.signIn(members.signInCandidate(slug, "nobody@example.org"), "wrong password!"));
        attempts.put(
                "space without a subtree",
                () -> members.signIn(members.signInCandidate("no-such-space", "camille"), "wrong password!"));

        Map<String, List<String>> shapes = new LinkedHashMap<>();
        attempts.forEach((name, attempt) -> shapes.put(name, shapeOf(attempt, slug)));

        List<String> reference = shapes.get("existing uid, wrong password");
        assertThat(reference)
                .as("one search, then one bind and the revert to the control plane's identity")
                .hasSize(3);
        assertThat(reference.get(0)).startsWith("SEARCH ");
        assertThat(reference.get(1)).isEqualTo("BIND  -> 49"); // invalidCredentials, after a real password check
        assertThat(reference.get(2)).isEqualTo("BIND  -> 0");
        shapes.forEach((name, shape) -> {
            // The one allowed difference: a search under a space that has no subtree answers noSuchObject (32).
            List<String> comparable = name.startsWith("space without")
                    ? shape.stream().map(line -> line.replace("-> 32", "-> 0")).toList()
                    : shape;
            assertThat(comparable).as(name).isEqualTo(reference);
        });
        assertThat(members.signIn(members.signInCandidate(slug, "camille"), PASSWORD))
                .isTrue();
        assertThat(members.signIn(members.signInCandidate(slug, "camille@example.org"), PASSWORD))
                .isTrue();
    }

    @Test
    void theBindOfAnUnknownNameChecksAPasswordAsARealAccountWould() {
        String slug = spaceWithPeople();
        SpaceMembers members = new SpaceMembers(logged());
        log().take();
        members.signIn(members.signInCandidate(slug, "nobody"), "wrong password!");
        List<OperationLog.Operation> operations = log().take();
        assertThat(operations.get(1).kind()).isEqualTo("BIND");
        assertThat(operations.get(1).target())
                .isEqualTo(directory().layout().signInDecoy(true).toString());
        log().take();
        members.signIn(members.signInCandidate(slug, "camille"), "wrong password!");
        assertThat(log().take().get(1).target())
                .isEqualTo(directory().layout().person(slug, "camille").toString());
    }

    @Test
    void staffSignInsAskTheSameWhetherTheAccountExistsOrNot() {
        new StaffAccounts(directory()).create(new StaffAccount("sam-" + SPACES.incrementAndGet(), "Sam", null));
        String uid = "sam-" + SPACES.get();
        new StaffAccounts(directory()).setPassword(uid, PASSWORD);
        StaffAccounts staff = new StaffAccounts(logged());
        List<String> known = shapeOf(() -> staff.signIn(uid, "wrong password!"), "");
        List<String> unknown = shapeOf(() -> staff.signIn("nobody-here", "wrong password!"), "");
        assertThat(known).hasSize(3).startsWith("SEARCH BASE (objectClass=?) -> 0");
        // A read of an entry that does not exist answers noSuchObject (32); the rest is the same.
        assertThat(unknown).containsExactly("SEARCH BASE (objectClass=?) -> 32", known.get(1), known.get(2));
        assertThat(staff.signIn(uid, PASSWORD)).isTrue();
        assertThat(staff.signIn("nobody-here", PASSWORD)).isFalse();
    }
}
