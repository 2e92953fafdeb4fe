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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each common mistake stops Essaim with one clear line saying what is wrong and what to do. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTest {

    @TempDir
    Path temp;

    @Test
    void aDataDirectoryThatCannotBeWrittenIsNamed(CapturedOutput output) throws IOException {
        Path regularFile = Files.writeString(temp.resolve("not-a-folder"), "x");
        Path impossible = regularFile.resolve("data");

        String failure = startAndFail(output, "--essaim.data-dir=" + impossible);

        assertThat(failure).contains("The data directory " + impossible + " is not writable")
                .contains("set ESSAIM_DATA_DIR");
    }

    @Test
    void aPortAlreadyInUseIsNamed(CapturedOutput output) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            String failure = startAndFail(output, "--server.port=" + taken.getLocalPort());

            assertThat(failure).contains("Port " + taken.getLocalPort() + " is already in use").contains("SERVER_PORT");
        }
    }

    @Test
    void anUnreachableExternalDatabaseIsNamed(CapturedOutput output) throws IOException {
        int closed = closedPort();
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/essaim";

        String failure = startAndFail(output, "--spring.datasource.url=" + url, "--spring.datasource.username=essaim");

        assertThat(failure).contains("The database at " + url + " cannot be reached").contains("SPRING_DATASOURCE_URL");
    }

    @Test
    void anUnreachableExternalDirectoryIsNamed(CapturedOutput output) throws IOException {
        String url = "ldap://127.0.0.1:" + closedPort();

        String failure = startAndFail(output, "--essaim.ldap.url=" + url, "--essaim.ldap.bind-dn=cn=x",
                "--essaim.ldap.bind-password=y");

        assertThat(failure).contains("The directory at " + url + " cannot be reached").contains("ESSAIM_LDAP_URL");
    }

    @Test
    void theEmbeddedDirectoryPortAlreadyInUseIsNamed(CapturedOutput output) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String failure = startAndFail(output, "--essaim.ldap.embedded.port=" + taken.getLocalPort());

            assertThat(failure).contains("Port " + taken.getLocalPort()).contains("ESSAIM_LDAP_EMBEDDED_PORT");
        }
    }

    /** Starts Essaim expecting failure; returns the single failure line after checking there is no stack trace. */
    private String startAndFail(CapturedOutput output, String... overrides) throws IOException {
        int from = output.getOut().length();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("server.port", "0");
        settings.put("essaim.data-dir", Files.createTempDirectory(temp, "data").toString());
        settings.put("essaim.ldap.embedded.port", "0");
        settings.put("essaim.kubernetes.mode", "local");
        settings.put("spring.datasource.url", TestDatabase.jdbcUrl());
        settings.put("spring.datasource.username", "postgres");
        for (String override : overrides) {
            String[] pair = override.substring(2).split("=", 2);
            settings.put(pair[0], pair[1]);
        }
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));

        assertThatThrownBy(() -> new SpringApplicationBuilder(EssaimApplication.class).run(args.toArray(String[]::new)))
                .isNotNull();

        String printed = output.getOut().substring(from) + output.getErr();
        List<String> failureLines = printed.lines().filter(line -> line.contains("Essaim cannot start:")).toList();
        assertThat(failureLines).as("exactly one failure line in:%n%s", printed).hasSize(1);
        assertThat(printed.lines().filter(line -> line.startsWith("\tat ")).toList())
                .as("no stack trace in:%n%s", printed).isEmpty();
        return failureLines.getFirst();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
