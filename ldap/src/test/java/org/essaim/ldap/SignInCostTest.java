package org.essaim.ldap;

import org.essaim.ldap.testing.OperationLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** {@link SignInCostContract} on the embedded directory. */
class SignInCostTest extends SignInCostContract {

    @TempDir
    static Path storage;

    private static EmbeddedDirectory embedded;
    private static DirectoryConnection directory;
    private static OperationLog log;
    private static DirectoryConnection logged;

    @BeforeAll
    static void start() {
        embedded = EmbeddedDirectory.start(storage, "dc=essaim,dc=local", 0);
        directory = DirectoryConnection.connect(embedded.settings());
        directory.ensureSkeleton();
        log = OperationLog.inFrontOf(embedded.settings());
        logged = DirectoryConnection.connect(log.settings());
    }

    @AfterAll
    static void stop() {
        logged.close();
        log.close();
        directory.close();
        embedded.close();
    }

    @Override
    DirectoryConnection directory() {
        return directory;
    }

    @Override
    OperationLog log() {
        return log;
    }

    @Override
    DirectoryConnection logged() {
        return logged;
    }
}
