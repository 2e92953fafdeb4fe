package org.essaim.ldap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** {@link SpaceMembersContract} on the embedded directory (UnboundID in memory). */
class SpaceMembersTest extends SpaceMembersContract {

    @TempDir
    static Path storage;

    private static EmbeddedDirectory embedded;
    private static DirectoryConnection directory;

    @BeforeAll
    static void start() {
        embedded = EmbeddedDirectory.start(storage, "dc=essaim,dc=local", 0);
        directory = DirectoryConnection.connect(embedded.settings());
    }

    @AfterAll
    static void stop() {
        directory.close();
        embedded.close();
    }

    @Override
    DirectoryConnection directory() {
        return directory;
    }
}
