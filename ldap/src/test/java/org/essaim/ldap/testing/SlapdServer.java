package org.essaim.ldap.testing;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import org.essaim.ldap.DirectoryLayout;
import org.essaim.ldap.DirectorySettings;
import org.essaim.ldap.openldap.OpenLdapConfig;
import org.essaim.testsupport.InstalledProgram;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A real OpenLDAP {@code slapd} for tests, configured from the production template ({@link OpenLdapConfig}) with
 * the same modules, schemas, overlays and ACLs, listening on a free port of 127.0.0.1. Everything lives in a fresh
 * temporary directory that {@link #close()} removes.
 *
 * <p>A test class gets one, and the control plane's connection to it, from {@link SlapdExtension}.
 *
 * <p>There is no network-usable manager account, as in production: the control plane's account is the most
 * powerful identity over LDAP, and it cannot read password hashes. Tests that must see what is stored (hashes,
 * operational attributes) read it the way an operator would, with {@code slapcat}: {@link #storedEntry(String)}.
 *
 * <p>Debian's paths are used for modules and schemas; other systems can point {@code essaim.slapd.module-dir} and
 * {@code essaim.slapd.schema-dir} system properties elsewhere.
 */
public final class SlapdServer implements AutoCloseable {

    public static final String DEFAULT_BASE_DN = "dc=essaim,dc=test";

    private static final String DEBIAN_PACKAGES = "slapd ldap-utils";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 5;

    private final OpenLdapConfig config;
    private final Path home;
    private final Path slapcat;
    private final int port;
    private final String controlPlanePassword;
    private final Process slapd;
    private final Process watchdog;
    private final Thread shutdownHook;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private SlapdServer(
            OpenLdapConfig config,
            Path home,
            Path slapcat,
            int port,
            String controlPlanePassword,
            Process slapd,
            Process watchdog) {
        this.config = config;
        this.home = home;
        this.slapcat = slapcat;
        this.port = port;
        this.controlPlanePassword = controlPlanePassword;
        this.slapd = slapd;
        this.watchdog = watchdog;
        this.shutdownHook = new Thread(this::stop, "slapd-shutdown-" + port);
    }

    /** Starts a server for {@value #DEFAULT_BASE_DN}. */
    public static SlapdServer start() {
        return start(DEFAULT_BASE_DN);
    }

    /**
     * Renders the production configuration into a temporary directory, loads it with {@code slapadd}, starts slapd
     * and returns once the control plane's account can bind.
     *
     * @throws IllegalStateException when slapd is missing or does not come up; the message carries slapd's log
     */
    public static SlapdServer start(String baseDn) {
        Path slapd = InstalledProgram.require("slapd", DEBIAN_PACKAGES);
        Path slapadd = InstalledProgram.require("slapadd", DEBIAN_PACKAGES);
        Path slapcat = InstalledProgram.require("slapcat", DEBIAN_PACKAGES);
        Path slappasswd = InstalledProgram.require("slappasswd", DEBIAN_PACKAGES);
        Path home;
        try {
            home = Files.createTempDirectory("essaim-slapd-");
        } catch (IOException e) {
            throw new UncheckedIOException("No temporary directory for slapd", e);
        }
        try {
            Path configDirectory = Files.createDirectory(home.resolve("slapd.d"));
            Path dataDirectory = Files.createDirectory(home.resolve("data"));
            Path modules = Path.of(System.getProperty("essaim.slapd.module-dir", "/usr/lib/ldap"));
            String password = randomPassword();
            String hash = argon2Hash(slappasswd, modules, OpenLdapConfig.DEFAULT_ARGON2_PARAMETERS, password, home);
            OpenLdapConfig config = OpenLdapConfig.debian(baseDn, hash)
                    .withModuleDirectory(modules)
                    .withSchemaDirectory(Path.of(System.getProperty("essaim.slapd.schema-dir", "/etc/ldap/schema")))
                    .withDataDirectory(dataDirectory)
                    .withRunDirectory(home);
            config.writeTo(home);
            run(
                    home,
                    slapadd.toString(),
                    "-n",
                    "0",
                    "-F",
                    configDirectory.toString(),
                    "-l",
                    home.resolve(OpenLdapConfig.TEMPLATE).toString());
            run(
                    home,
                    slapadd.toString(),
                    "-q",
                    "-F",
                    configDirectory.toString(),
                    "-b",
                    config.baseDn(),
                    "-l",
                    home.resolve("seed.ldif").toString());
            return listen(config, home, slapd, slapcat, password);
        } catch (IOException e) {
            deleteRecursively(home);
            throw new UncheckedIOException("slapd could not be prepared in " + home, e);
        } catch (RuntimeException e) {
            deleteRecursively(home);
            throw e;
        }
    }

    /** Starts slapd on a free port; another process may grab the port in between, so a few ports are tried. */
    private static SlapdServer listen(OpenLdapConfig config, Path home, Path slapd, Path slapcat, String password)
            throws IOException {
        Path log = home.resolve("slapd.log");
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            // -d stats keeps slapd in the foreground (so it is our child and dies with destroy()) and sends its
            // start-up errors and one line per operation to the log, which failures quote.
            Process process = new ProcessBuilder(
                            slapd.toString(),
                            "-d",
                            "stats",
                            "-h",
                            "ldap://127.0.0.1:" + port + "/",
                            "-F",
                            home.resolve("slapd.d").toString())
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Process watchdog;
            try {
                watchdog = watchdog(process);
            } catch (IOException e) {
                process.destroyForcibly();
                throw e;
            }
            SlapdServer server = new SlapdServer(config, home, slapcat, port, password, process, watchdog);
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            if (server.awaitReady()) {
                return server;
            }
            server.stopProcesses();
            server.removeShutdownHook();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!output.contains("Address already in use") || attempt == PORT_ATTEMPTS) {
                throw new IllegalStateException("slapd did not start on 127.0.0.1:" + port + ". Its log:\n" + output);
            }
        }
    }

    /**
     * Kills slapd if this JVM dies without running its shutdown hooks (kill -9, a crashed Surefire fork): the
     * watchdog blocks reading a pipe from this JVM, which the kernel closes whatever way the JVM ends.
     */
    private static Process watchdog(Process slapd) throws IOException {
        return new ProcessBuilder("/bin/sh", "-c", "read ignored; kill " + slapd.pid() + " 2>/dev/null")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private boolean awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(1_000);
        options.setResponseTimeoutMillis(5_000);
        while (System.nanoTime() < deadline) {
            if (!slapd.isAlive()) {
                return false;
            }
            try (LDAPConnection connection = new LDAPConnection(options, "127.0.0.1", port)) {
                connection.bind(config.controlPlaneDn(), controlPlanePassword);
                return true;
            } catch (LDAPException notYet) {
                // Not listening yet, or someone else is on this port: slapd will then exit, which the loop sees.
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The suffix, normalised as slapd holds it. */
    public String baseDn() {
        return config.baseDn();
    }

    public DirectoryLayout layout() {
        return DirectoryLayout.of(config.baseDn());
    }

    /** The configuration this server was rendered from (paths point into its temporary directory). */
    public OpenLdapConfig config() {
        return config;
    }

    public String controlPlaneDn() {
        return config.controlPlaneDn();
    }

    /** Random for each server; only its argon2 hash is in the directory. */
    public String controlPlanePassword() {
        return controlPlanePassword;
    }

    /** What the control plane is configured with in production: its own account, not a manager. */
    public DirectorySettings controlPlaneSettings() {
        return new DirectorySettings(url(), baseDn(), controlPlaneDn(), controlPlanePassword);
    }

    /** A new connection bound as the given account; the caller closes it. */
    public LDAPConnection connect(String bindDn, String password) throws LDAPException {
        LDAPConnection connection = connectAnonymously();
        try {
            connection.bind(bindDn, password);
            return connection;
        } catch (LDAPException e) {
            connection.close();
            throw e;
        }
    }

    /** A new connection bound as the control plane's own account; the caller closes it. */
    public LDAPConnection connectAsControlPlane() throws LDAPException {
        return connect(controlPlaneDn(), controlPlanePassword);
    }

    /** A new connection that has not bound, as an anonymous client on the network would be. */
    public LDAPConnection connectAnonymously() throws LDAPException {
        return new LDAPConnection("127.0.0.1", port);
    }

    /**
     * The entry as stored in the database, read with {@code slapcat} as an operator would: every attribute,
     * password hashes and operational attributes included, whatever the ACLs say.
     */
    public Optional<Entry> storedEntry(String dn) {
        try {
            DN wanted = new DN(dn);
            // Filtered on entryDN rather than with -s, which crashes slapcat 2.5.13.
            String ldif = run(
                    home,
                    slapcat.toString(),
                    "-F",
                    home.resolve("slapd.d").toString(),
                    "-b",
                    baseDn(),
                    "-a",
                    Filter.createEqualityFilter("entryDN", wanted.toString()).toString());
            try (LDIFReader reader = new LDIFReader(new ByteArrayInputStream(ldif.getBytes(StandardCharsets.UTF_8)))) {
                for (Entry entry = reader.readEntry(); entry != null; entry = reader.readEntry()) {
                    if (entry.getParsedDN().equals(wanted)) {
                        return Optional.of(entry);
                    }
                }
            }
            return Optional.empty();
        } catch (LDAPException | LDIFException e) {
            throw new IllegalArgumentException("Cannot read " + dn + " with slapcat: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** slapd's log so far (start-up messages and one line per operation), for diagnosing a failing test. */
    public String log() {
        try {
            return Files.readString(home.resolve("slapd.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The temporary directory holding the configuration, the database and the log. */
    public Path home() {
        return home;
    }

    /** Stops slapd and removes its directory. Safe to call twice. */
    @Override
    public void close() {
        stop();
        removeShutdownHook();
    }

    private void stop() {
        if (stopped.compareAndSet(false, true)) {
            stopProcesses();
            deleteRecursively(home);
        }
    }

    private void stopProcesses() {
        watchdog.destroy();
        slapd.destroy(); // SIGTERM: slapd closes its database cleanly
        try {
            if (!slapd.waitFor(5, TimeUnit.SECONDS)) {
                slapd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            slapd.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting: the hook is running or about to, and it is idempotent.
        }
    }

    private static String argon2Hash(Path slappasswd, Path modules, String parameters, String password, Path home)
            throws IOException {
        // From a file rather than -s, so that the password does not show in the process list.
        Path secret = Files.createFile(
                home.resolve("control-plane-password"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(secret, password, StandardCharsets.UTF_8);
        try {
            String output = run(
                    home,
                    slappasswd.toString(),
                    "-o",
                    "module-path=" + modules,
                    "-o",
                    "module-load=argon2 " + parameters,
                    "-h",
                    "{ARGON2}",
                    "-T",
                    secret.toString());
            return output.lines()
                    .filter(line -> line.startsWith("{ARGON2}"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("slappasswd printed no argon2 hash:\n" + output));
        } finally {
            Files.delete(secret);
        }
    }

    /** Runs one of OpenLDAP's tools to completion and returns its output, or fails with it. */
    private static String run(Path directory, String... command) throws IOException {
        Path output = Files.createTempFile(directory, "tool-", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + TOOL_TIMEOUT);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed with exit code " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command[0], e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static String randomPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        } catch (IOException e) {
            return; // a leftover temporary directory is not worth failing a test over
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // same as above
            }
        }
    }

    @Override
    public String toString() {
        return "SlapdServer[" + url() + ", " + baseDn() + "]";
    }
}
