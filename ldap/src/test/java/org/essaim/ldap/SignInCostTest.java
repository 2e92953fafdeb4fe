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
    private static Directory directory;
    private static OperationLog log;
    private static Directory logged;

    @BeforeAll
    static void start() {
        embedded = EmbeddedDirectory.start(storage, "dc=essaim,dc=local", 0);
        directory = Directory.connect(embedded.settings());
        directory.ensureSkeleton();
        log = OperationLog.inFrontOf(embedded.settings());
        logged = Directory.connect(log.settings());
    }

    @AfterAll
    static void stop() {
        logged.close();
        log.close();
        directory.close();
        embedded.close();
    }

    @Override
    Directory directory() {
        return directory;
    }

    @Override
    OperationLog log() {
        return log;
    }

    @Override
    Directory logged() {
        return logged;
    }
}
