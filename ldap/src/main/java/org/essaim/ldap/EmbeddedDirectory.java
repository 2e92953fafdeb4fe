package org.essaim.ldap;

import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
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
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedRequest;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldap.sdk.schema.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The local default's directory: UnboundID's in-memory server on the loopback interface, its content kept in
 * an LDIF file so that it survives restarts. Every write is in the {@link DirectoryJournal} on disk (forced) before
 * its client is answered, so a hard stop loses nothing acknowledged; the whole LDIF is rewritten every few seconds
 * when something changed and on shutdown (replaced atomically, then the journal emptied), and the journal is
 * replayed over it on the next start.
 *
 * <p>Passwords are stored salted and hashed (SSHA-256) by the server itself when set through the Password
 * Modify extended operation, as a production OpenLDAP does with argon2.
 */
public final class EmbeddedDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDirectory.class);
    public static final String MANAGER_DN = "cn=Directory Manager";
    /** The whole LDIF is rewritten this often when something changed (the journal holds the writes meanwhile). */
    private static final long FLUSH_INTERVAL_MILLIS = 5_000;

    static final String JOURNAL = "directory.journal";
    /** Attributes a search adds to every entry without storing them. */
    private static final List<String> COMPUTED =
            List.of("entryDN", "subschemaSubentry", "hasSubordinates", "numSubordinates");

    /**
     * The two attributes of OpenLDAP's ppolicy that people carry (their policy, and the lock that disables them),
     * so that the embedded directory stores the same entries as production. It does not enforce them.
     */
    private static final Schema PASSWORD_POLICY_SCHEMA = new Schema(new Entry(
            "cn=schema",
            new Attribute("objectClass", "top", "ldapSubentry", "subschema"),
            new Attribute(
                    "attributeTypes",
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
    private final DirectoryJournal journal;

    private EmbeddedDirectory(
            InMemoryDirectoryServer server,
            Path ldifFile,
            String managerPassword,
            String baseDn,
            DirectoryJournal journal) {
        this.server = server;
        this.journal = journal;
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
            config.setListenerConfigs(
                    InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getLoopbackAddress(), port, null));
            // Nothing but a bind works anonymously, like a production directory.
            config.setAuthenticationRequiredOperationTypes(EnumSet.of(
                    OperationType.ADD,
                    OperationType.COMPARE,
                    OperationType.DELETE,
                    OperationType.EXTENDED,
                    OperationType.MODIFY,
                    OperationType.MODIFY_DN,
                    OperationType.SEARCH));
            config.setPasswordEncoders(new SaltedMessageDigestInMemoryPasswordEncoder(
                    "{SSHA256}",
                    Base64PasswordEncoderOutputFormatter.getInstance(),
                    MessageDigest.getInstance("SHA-256"),
                    16,
                    true,
                    true));
            config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), PASSWORD_POLICY_SCHEMA));
            config.setEnforceAttributeSyntaxCompliance(true);
            config.setEnforceSingleStructuralObjectClass(true);
            config.setMaxConnections(512);

            EmbeddedDirectory[] self = new EmbeddedDirectory[1];
            config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
                // Each runs after the write was applied and before its client is answered.
                @Override
                public void processAddResult(InMemoryInterceptedAddResult result) {
                    if (success(result.getResult())) {
                        result.setResult(
                                self[0].journalEntry(result.getRequest().getDN(), result.getResult()));
                    }
                }

                @Override
                public void processModifyResult(InMemoryInterceptedModifyResult result) {
                    if (success(result.getResult())) {
                        result.setResult(
                                self[0].journalEntry(result.getRequest().getDN(), result.getResult()));
                    }
                }

                @Override
                public void processDeleteResult(InMemoryInterceptedDeleteResult result) {
                    if (success(result.getResult())) {
                        result.setResult(self[0].journalGone(result.getRequest().getDN(), result.getResult()));
                    }
                }

                @Override
                public void processModifyDNResult(InMemoryInterceptedModifyDNResult result) {
                    if (success(result.getResult())) {
                        result.setResult(self[0].saveNow(result.getResult()));
                    }
                }

                @Override
                public void processExtendedResult(InMemoryInterceptedExtendedResult result) {
                    if (success(result.getResult())) {
                        String target = passwordModifyTarget(result.getRequest());
                        LDAPResult saved = target == null
                                ? self[0].saveNow(result.getResult())
                                : self[0].journalEntry(target, result.getResult());
                        if (saved != result.getResult()) {
                            result.setResult(new ExtendedResult(saved));
                        }
                    }
                }
            });

            InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
            Path journalFile = storage.resolve(JOURNAL);
            Map<DN, Entry> entries = DirectoryJournal.read(ldifFile);
            int replayed = DirectoryJournal.replay(journalFile, entries);
            if (!entries.isEmpty()) {
                server.importFromLDIF(true, DirectoryJournal.asLdif(entries));
                log.info(
                        "Embedded directory loaded {} entries from {}{}",
                        entries.size(),
                        ldifFile,
                        replayed == 0 ? "" : " and " + replayed + " later writes from " + journalFile);
            }
            EmbeddedDirectory directory = new EmbeddedDirectory(
                    server, ldifFile, managerPassword, baseDn, DirectoryJournal.open(journalFile));
            self[0] = directory;
            if (replayed > 0) {
                directory.flush();
            }
            try {
                server.startListening();
            } catch (LDAPException e) {
                directory.journal.close();
                if (e.getCause() instanceof BindException
                        || String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw new EmbeddedDirectoryException(
                            "Port " + port + " on 127.0.0.1 is already in use, so the "
                                    + "embedded directory cannot start. Stop what uses it, or set ESSAIM_LDAP_EMBEDDED_PORT "
                                    + "to another port.",
                            e);
                }
                throw e;
            }
            directory.flusher.scheduleWithFixedDelay(
                    directory::flushIfDirty, FLUSH_INTERVAL_MILLIS, FLUSH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            return directory;
        } catch (LDAPException e) {
            throw new EmbeddedDirectoryException("The embedded directory cannot start: " + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new EmbeddedDirectoryException(
                    "The embedded directory cannot use " + storage + ": " + e.getMessage()
                            + ". Make the data directory writable or set ESSAIM_DATA_DIR to another one.",
                    e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static boolean success(LDAPResult result) {
        return result.getResultCode() == ResultCode.SUCCESS;
    }

    /** The entry a Password Modify request changes, when it names it by DN; null otherwise (saved whole). */
    private static String passwordModifyTarget(ExtendedRequest request) {
        if (!PasswordModifyExtendedRequest.PASSWORD_MODIFY_REQUEST_OID.equals(request.getOID())) {
            return null;
        }
        try {
            String identity = new PasswordModifyExtendedRequest(request).getUserIdentity();
            if (identity == null) {
                return null;
            }
            String dn = identity.regionMatches(true, 0, "dn:", 0, 3) ? identity.substring(3) : identity;
            return DN.isValidDN(dn) ? dn : null;
        } catch (LDAPException e) {
            return null;
        }
    }

    /** Journals the entry as it now is; a failure to do so is answered as one, so no lost write is confirmed. */
    private LDAPResult journalEntry(String dn, LDAPResult result) {
        dirty.set(true);
        try {
            // Read and appended under the journal's lock: records then follow the order of the reads, so the last
            // record of an entry holds every write applied before it (two concurrent modifies of one group).
            synchronized (journal) {
                Entry entry = stored(dn);
                if (entry != null) {
                    journal.entryIs(entry);
                    return result;
                }
            }
            return saveNow(result);
        } catch (LDAPException | IOException e) {
            return unsaved(result, e);
        }
    }

    /** The entry as the LDIF export stores it: user and operational attributes, without the computed ones. */
    private Entry stored(String dn) throws LDAPException {
        Entry entry = server.getEntry(dn, "*", "+");
        if (entry == null) {
            return null;
        }
        Entry copy = entry.duplicate();
        for (String computed : COMPUTED) {
            copy.removeAttribute(computed);
        }
        return copy;
    }

    private LDAPResult journalGone(String dn, LDAPResult result) {
        dirty.set(true);
        try {
            journal.subtreeGone(new DN(dn));
            return result;
        } catch (LDAPException | IOException e) {
            return unsaved(result, e);
        }
    }

    /** Saves the whole directory before answering (writes the journal cannot describe by one entry). */
    private LDAPResult saveNow(LDAPResult result) {
        try {
            save();
            return result;
        } catch (LDAPException | IOException e) {
            return unsaved(result, e);
        }
    }

    private LDAPResult unsaved(LDAPResult result, Exception e) {
        log.error("Embedded directory could not save a write to {}: {}", ldifFile.getParent(), e.getMessage());
        return new LDAPResult(
                result.getMessageID(),
                ResultCode.UNAVAILABLE,
                "the write could not be saved to disk: " + e.getMessage(),
                null,
                (String[]) null,
                null);
    }

    /** Connection settings for the control plane's own account on this directory. */
    public DirectorySettings settings() {
        return new DirectorySettings("ldap://127.0.0.1:" + port(), baseDn, MANAGER_DN, managerPassword);
    }

    public int port() {
        return server.getListenPort();
    }

    /** Writes the directory to its LDIF file now, whether or not it changed, and empties the journal. */
    public void flush() {
        try {
            save();
        } catch (LDAPException | IOException e) {
            log.error("Embedded directory could not be saved to {}: {}", ldifFile, e.getMessage());
        }
    }

    /**
     * Exports, forces to disk and renames into place, then empties the journal; journal appends wait meanwhile, so
     * nothing written between the export and the reset is lost.
     */
    private void save() throws LDAPException, IOException {
        synchronized (journal) {
            dirty.set(false);
            try {
                Path temporary = ldifFile.resolveSibling(ldifFile.getFileName() + ".tmp");
                server.exportToLDIF(temporary.toString(), false, true);
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                try {
                    Files.move(
                            temporary, ldifFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, ldifFile, StandardCopyOption.REPLACE_EXISTING);
                }
                DirectoryJournal.forceDirectory(ldifFile.getParent());
                journal.reset();
            } catch (LDAPException | IOException | RuntimeException e) {
                dirty.set(true);
                throw e;
            }
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
        try {
            journal.close();
        } catch (IOException e) {
            log.warn("Embedded directory journal {} could not be closed: {}", journal.file(), e.getMessage());
        }
        log.info("Embedded directory stopped and saved to {}", ldifFile);
    }
}
