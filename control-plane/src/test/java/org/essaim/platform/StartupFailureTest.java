package org.essaim.platform;

import org.essaim.EssaimApplication;
import org.essaim.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Each common mistake stops Essaim with one clear line saying what is wrong and what to do. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

    @TempDir
    Path temp;

    @Test
    void aDataDirectoryThatCannotBeWrittenIsNamed(CapturedOutput output) throws Exception {
        Path regularFile = Files.writeString(temp.resolve("not-a-folder"), "x");
        Path impossible = regularFile.resolve("data");

        String failure = startAndFail(output, "--essaim.data-dir=" + impossible);

        assertThat(failure)
                .contains("The data directory " + impossible + " is not writable")
                .contains("set ESSAIM_DATA_DIR");
    }

    @Test
    void aPortAlreadyInUseIsNamed(CapturedOutput output) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            String failure = startAndFail(output, "--server.port=" + taken.getLocalPort());

            assertThat(failure)
                    .contains("Port " + taken.getLocalPort() + " is already in use")
                    .contains("SERVER_PORT");
        }
    }

    @Test
    void anUnreachableExternalDatabaseIsNamed(CapturedOutput output) throws Exception {
        int closed = closedPort();
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/essaim";

        String failure = startAndFail(output, "--spring.datasource.url=" + url, "--spring.datasource.username=essaim");

        assertThat(failure)
                .contains("The database at " + url + " cannot be reached")
                .contains("SPRING_DATASOURCE_URL");
    }

    @Test
    void anUnreachableExternalDirectoryIsNamed(CapturedOutput output) throws Exception {
        String url = "ldap://127.0.0.1:" + closedPort();

        String failure = startAndFail(
                output, "--essaim.ldap.url=" + url, "--essaim.ldap.bind-dn=cn=x", "--essaim.ldap.bind-password=y");

        assertThat(failure)
                .contains("The directory at " + url + " cannot be reached")
                .contains("ESSAIM_LDAP_URL");
    }

    @Test
    void theEmbeddedDirectoryPortAlreadyInUseIsNamed(CapturedOutput output) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String failure = startAndFail(output, "--essaim.ldap.embedded.port=" + taken.getLocalPort());

            assertThat(failure).contains("Port " + taken.getLocalPort()).contains("ESSAIM_LDAP_EMBEDDED_PORT");
        }
    }

    @Test
    void aSettingOutOfItsRangeIsNamedWithItsVariable(CapturedOutput output) throws Exception {
        String failure = startAndFail(output, "--essaim.members.import.max-rows=0");

        assertThat(failure)
                .contains("essaim.members.import.max-rows must be at least 1, not 0")
                .contains("ESSAIM_MEMBERS_IMPORT_MAX_ROWS");
    }

    @Test
    void aSettingThatIsNotOfItsTypeIsNamedWithItsVariable(CapturedOutput output) throws Exception {
        String failure = startAndFail(output, "--essaim.sign-in.max-delay=soon");

        assertThat(failure)
                .contains("essaim.sign-in.max-delay must be a duration such as 30s, 5m or 1d, not soon")
                .contains("ESSAIM_SIGN_IN_MAX_DELAY");
    }

    /** Moved from InProcessProvisionerSettingsTest: the in-process provisioner's settings, as the control plane names them. */
    @Test
    void aWrongSettingIsNamedAsTheControlPlaneKnowsIt(CapturedOutput output) throws Exception {
        assertThat(startAndFail(output, "--essaim.usage.serverinfo.token-key=short"))
                .contains("essaim.usage.serverinfo.token-key must have at least 32 characters")
                .contains("ESSAIM_USAGE_SERVERINFO_TOKEN_KEY")
                .doesNotContain("short");
        assertThat(startAndFail(output, "--essaim.backups.storage-port=https"))
                .contains("essaim.backups.storage-port must be a whole number")
                .contains("ESSAIM_BACKUPS_STORAGE_PORT");
    }

    @Test
    void aSecretIsNeverRepeated(CapturedOutput output) throws Exception {
        String failure = startAndFail(output, "--essaim.two-step.key=bm90IDMyIGJ5dGVz");

        assertThat(failure)
                .contains("essaim.two-step.key must be 32 bytes")
                .contains("ESSAIM_TWO_STEP_KEY")
                .doesNotContain("bm90IDMyIGJ5dGVz");
    }

    @Test
    void onlyTheStartsOwnLinesAreJudged() {
        String printed = String.join(
                "\n",
                "2026-12-02T03:31:13.620Z  WARN 1 --- [essaim] [onnection-adder] c.z.h.p.PoolBase : HikariPool-7 - Pool is empty",
                "\tat org.postgresql.Driver.connect(Driver.java:298)",
                "2026-12-02T03:31:14.000Z ERROR 1 --- [essaim] [  " + THREAD
                        + "] o.e.p.OneLineFailureReporter : Essaim cannot start: x",
                "2026-12-02T03:31:14.100Z  WARN 1 --- [essaim] [onnection-adder] c.z.h.p.PoolBase : " + POOL
                        + " - Pool is empty",
                "\tat org.postgresql.Driver.connect(Driver.java:298)");

        assertThat(ownEntries(printed).lines())
                .containsExactly(
                        "2026-12-02T03:31:14.000Z ERROR 1 --- [essaim] [  " + THREAD
                                + "] o.e.p.OneLineFailureReporter : Essaim cannot start: x",
                        "2026-12-02T03:31:14.100Z  WARN 1 --- [essaim] [onnection-adder] c.z.h.p.PoolBase : " + POOL
                                + " - Pool is empty",
                        "\tat org.postgresql.Driver.connect(Driver.java:298)");
    }

    /**
     * Starts Essaim expecting failure; returns the single failure line after checking that the start printed no stack
     * trace. Other test contexts of this JVM keep logging on their own threads (a pool still retrying a frozen
     * database, say), so only what the start itself printed counts: its thread and its own connection pool.
     */
    private String startAndFail(CapturedOutput output, String... overrides) throws Exception {
        int outFrom = output.getOut().length();
        int errFrom = output.getErr().length();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("essaim.data-dir", Files.createTempDirectory(temp, "data").toString());
        settings.put("essaim.ldap.embedded.port", "0");
        settings.put("essaim.kubernetes.mode", "local");
        settings.put("spring.datasource.url", TestDatabase.jdbcUrl());
        settings.put("spring.datasource.username", "postgres");
        settings.put("spring.datasource.hikari.pool-name", POOL);
        for (String override : overrides) {
            String[] pair = override.substring(2).split("=", 2);
            settings.put(pair[0], pair[1]);
        }
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread start = Thread.ofPlatform().name(THREAD).start(() -> {
            try {
                new SpringApplicationBuilder(EssaimApplication.class).run(args.toArray(String[]::new));
            } catch (Throwable failure) {
                thrown.set(failure);
            }
        });
        start.join();
        assertThat(thrown.get())
                .as("Essaim started although it should not have")
                .isNotNull();

        String printed =
                ownEntries(output.getOut().substring(outFrom) + output.getErr().substring(errFrom));
        List<String> failureLines = printed.lines()
                .filter(line -> line.contains("Essaim cannot start:"))
                .toList();
        assertThat(failureLines).as("exactly one failure line in:%n%s", printed).hasSize(1);
        assertThat(printed.lines().filter(line -> line.startsWith("\tat ")).toList())
                .as("no stack trace in:%n%s", printed)
                .isEmpty();
        return failureLines.getFirst();
    }

    private static final String THREAD = "startup-check";
    private static final String POOL = "startup-check-pool";
    private static final Pattern LOG_HEADER = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+\\s+[A-Z]+ .*");

    /**
     * The log entries (a header line and the lines after it) written by the start under test: on its thread or naming
     * its pool. Lines before any header (a plain print) are kept too.
     */
    static String ownEntries(String printed) {
        StringBuilder kept = new StringBuilder();
        boolean keep = true;
        for (String line : printed.lines().toList()) {
            if (LOG_HEADER.matcher(line).matches()) {
                keep = line.contains("[" + THREAD + "]") || line.contains(" " + THREAD + "]") || line.contains(POOL);
            }
            if (keep) {
                kept.append(line).append('\n');
            }
        }
        return kept.toString();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
