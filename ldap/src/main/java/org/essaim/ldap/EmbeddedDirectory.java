package org.essaim.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SaltedMessageDigestInMemoryPasswordEncoder;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedExtendedResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local default's directory: UnboundID's in-memory server on the loopback interface, its content kept in
 * an LDIF file so that it survives restarts. Writes are flushed to disk within a second and on shutdown; the
 * file is replaced atomically so a crash never leaves half a directory.
 *
 * <p>Passwords are stored salted and hashed (SSHA-256) by the server itself when set through the Password
 * Modify extended operation, as a production OpenLDAP does with argon2.
 */
public final class EmbeddedDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDirectory.class);
    public static final String MANAGER_DN = "cn=Directory Manager";
    private static final long FLUSH_INTERVAL_MILLIS = 1_000;

    /**
     * The two attributes of OpenLDAP's ppolicy that people carry (their policy, and the lock that disables them),
     * so that the embedded directory stores the same entries as production. It does not enforce them.
     */
    private static final Schema PASSWORD_POLICY_SCHEMA = new Schema(new com.unboundid.ldap.sdk.Entry("cn=schema",
            new com.unboundid.ldap.sdk.Attribute("objectClass", "top", "ldapSubentry", "subschema"),
            new com.unboundid.ldap.sdk.Attribute("attributeTypes",
                    "( 1.3.6.1.4.1.42.2.27.8.1.23 NAME 'pwdPolicySubentry' EQUALITY distinguishedNameMatch "
                            + "SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 SINGLE-VALUE USAGE directoryOperation )",
                    // A directory string here: the SDK's generalized time parser refuses ppolicy's "locked forever"
                    // value, 000001010000Z (year 0).
                    "( 1.3.6.1.4.1.42.2.27.8.1.17 NAME 'pwdAccountLockedTime' EQUALITY caseIgnoreMatch "
                            + "SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE USAGE directoryOperation )")));

    private final InMemoryDirectoryServer server;
    private final Path ldifFile;
    private final String managerPassword;
    private final String baseDn;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final ScheduledExecutorService flusher;

    private EmbeddedDirectory(InMemoryDirectoryServer server, Path ldifFile, String managerPassword, String baseDn) {
        this.server = server;
        this.ldifFile = ldifFile;
        this.managerPassword = managerPassword;
        this.baseDn = baseDn;
        this.flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-directory-flush");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts the directory on {@code 127.0.0.1:port} (0 picks a free port), loading {@code directory.ldif}
     * from {@code storage} when it exists.
     *
     * @throws EmbeddedDirectoryException with a plain reason when the port is taken or the storage unusable
     */
    public static EmbeddedDirectory start(Path storage, String baseDn, int port) {
        try {
            Files.createDirectories(storage);
            Path ldifFile = storage.resolve("directory.ldif");
            String managerPassword = ManagerPassword.loadOrCreate(storage.resolve("manager-password"));

            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(baseDn);
            config.addAdditionalBindCredentials(MANAGER_DN, managerPassword);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig(
                    "loopback", InetAddress.getLoopbackAddress(), port, null));
            // Nothing but a bind works anonymously, like a production directory.
            config.setAuthenticationRequiredOperationTypes(EnumSet.of(OperationType.ADD, OperationType.COMPARE,
                    OperationType.DELETE, OperationType.EXTENDED, OperationType.MODIFY, OperationType.MODIFY_DN,
                    OperationType.SEARCH));
            config.setPasswordEncoders(new SaltedMessageDigestInMemoryPasswordEncoder("{SSHA256}",
                    Base64PasswordEncoderOutputFormatter.getInstance(), MessageDigest.getInstance("SHA-256"),
                    16, true, true));
            config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), PASSWORD_POLICY_SCHEMA));
            config.setEnforceAttributeSyntaxCompliance(true);
            config.setEnforceSingleStructuralObjectClass(true);
            config.setMaxConnections(512);

            EmbeddedDirectory[] self = new EmbeddedDirectory[1];
            config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
                @Override
                public void processAddResult(InMemoryInterceptedAddResult result) {
                    self[0].markDirty(result.getResult().getResultCode());
                }

                @Override
                public void processModifyResult(InMemoryInterceptedModifyResult result) {
                    self[0].markDirty(result.getResult().getResultCode());
                }

                @Override
                public void processDeleteResult(InMemoryInterceptedDeleteResult result) {
                    self[0].markDirty(result.getResult().getResultCode());
                }

                @Override
                public void processModifyDNResult(InMemoryInterceptedModifyDNResult result) {
                    self[0].markDirty(result.getResult().getResultCode());
                }

                @Override
                public void processExtendedResult(InMemoryInterceptedExtendedResult result) {
                    self[0].markDirty(result.getResult().getResultCode());
                }
            });

            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            if (Files.exists(ldifFile)) {
                int loaded = server.importFromLDIF(true, ldifFile.toFile());
                log.info("Embedded directory loaded {} entries from {}", loaded, ldifFile);
            }
            EmbeddedDirectory directory = new EmbeddedDirectory(server, ldifFile, managerPassword, baseDn);
            self[0] = directory;
            try {
                server.startListening();
            } catch (LDAPException e) {
                if (e.getCause() instanceof BindException || String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw new EmbeddedDirectoryException("Port " + port + " on 127.0.0.1 is already in use, so the "
                            + "embedded directory cannot start. Stop what uses it, or set ESSAIM_LDAP_EMBEDDED_PORT "
                            + "to another port.", e);
                }
                throw e;
            }
            directory.flusher.scheduleWithFixedDelay(directory::flushIfDirty,
                    FLUSH_INTERVAL_MILLIS, FLUSH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            return directory;
        } catch (LDAPException e) {
            throw new EmbeddedDirectoryException("The embedded directory cannot start: " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new EmbeddedDirectoryException("The embedded directory cannot use " + storage + ": " + e.getMessage()
                    + ". Make the data directory writable or set ESSAIM_DATA_DIR to another one.", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private void markDirty(ResultCode resultCode) {
        if (resultCode == ResultCode.SUCCESS) {
            dirty.set(true);
        }
    }

    /** Connection settings for the control plane's own account on this directory. */
    public DirectorySettings settings() {
        return new DirectorySettings("ldap://127.0.0.1:" + port(), baseDn, MANAGER_DN, managerPassword);
    }

    public int port() {
        return server.getListenPort();
    }

    /** Writes the directory to its LDIF file now, whether or not it changed. */
    public synchronized void flush() {
        try {
            dirty.set(false);
            Path temporary = ldifFile.resolveSibling(ldifFile.getFileName() + ".tmp");
            server.exportToLDIF(temporary.toString(), false, true);
            try {
                Files.move(temporary, ldifFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, ldifFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (LDAPException | IOException e) {
            dirty.set(true);
            log.error("Embedded directory could not be saved to {}: {}", ldifFile, e.getMessage());
        }
    }

    private void flushIfDirty() {
        if (dirty.get()) {
            flush();
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        server.shutDown(true);
        flush();
        log.info("Embedded directory stopped and saved to {}", ldifFile);
    }
}
