package org.essaim.ldap.testing;

import org.essaim.ldap.DirectoryConnection;
import org.essaim.ldap.DirectoryLayout;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpaceSubtrees;
import org.essaim.ldap.StaffAccounts;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;

/**
 * One real slapd ({@link SlapdServer}) for a test class, and the control plane's connection to it with the skeleton
 * in place: started before the class's first test, or earlier the first time something asks for it (a Spring test's
 * {@code @DynamicPropertySource} runs before any callback), stopped after the class's last test and its own
 * {@code @AfterAll} methods.
 *
 * <pre>{@code
 * @RequiresProgram("slapd")
 * class SomethingTest {
 *     @RegisterExtension
 *     static final SlapdExtension slapd = SlapdExtension.withDefaultBase();
 *
 *     @Test void works() { slapd.spaces().ensureSpace("asso", "pw"); slapd.server().storedEntry(...); }
 * }
 * }</pre>
 *
 * Keep {@code @RequiresProgram("slapd")} on the class: without slapd it is skipped, except under {@code CI=true},
 * where it runs and fails loudly.
 */
public final class SlapdExtension implements BeforeAllCallback, AfterAllCallback {

    private final String baseDn;
    private final boolean connect;
    private SlapdServer server;
    private DirectoryConnection directory;

    private SlapdExtension(String baseDn, boolean connect) {
        this.baseDn = baseDn;
        this.connect = connect;
    }

    /** A server for {@value SlapdServer#DEFAULT_BASE_DN}, connected to before the first test. */
    public static SlapdExtension withDefaultBase() {
        return new SlapdExtension(SlapdServer.DEFAULT_BASE_DN, true);
    }

    /**
     * A server for an application under test, which connects and lays the skeleton itself: the fixture only starts
     * and stops the server (its {@link #directory()} still connects when asked).
     */
    public static SlapdExtension forApplication(String baseDn) {
        return new SlapdExtension(baseDn, false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (connect) {
            directory();
        } else {
            server();
        }
    }

    /** The running server, started on the first call. */
    public synchronized SlapdServer server() {
        if (server == null) {
            long started = System.nanoTime();
            server = SlapdServer.start(baseDn);
            System.out.println(server + " started in "
                    + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        }
        return server;
    }

    /** Bound as the control plane's account, as production is, with {@code ensureSkeleton} done; connected once. */
    public synchronized DirectoryConnection directory() {
        if (directory == null) {
            directory = DirectoryConnection.connect(server().controlPlaneSettings());
            directory.ensureSkeleton();
        }
        return directory;
    }

    public DirectoryLayout layout() {
        return server().layout();
    }

    public SpaceSubtrees spaces() {
        return new SpaceSubtrees(directory());
    }

    public SpaceMembers members() {
        return new SpaceMembers(directory());
    }

    public StaffAccounts staff() {
        return new StaffAccounts(directory());
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (directory != null) {
            directory.close();
            directory = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
