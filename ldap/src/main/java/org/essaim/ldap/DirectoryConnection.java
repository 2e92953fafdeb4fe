package org.essaim.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.net.ssl.SSLSocketFactory;

/**
 * The one way Essaim talks to its directory: a pool of connections bound as the control plane's own account, the
 * skeleton every other part writes under, and the two things done to any account: setting its password through the
 * Password Modify extended operation, so that the directory hashes it, and checking one by binding, so Essaim holds
 * no copy of any password. What is done with the connection lives beside it, one job each: {@link SpaceSubtrees},
 * {@link SpaceMembers}, {@link StaffAccounts}, {@link DirectoryBackup}.
 */
public final class DirectoryConnection implements AutoCloseable {

    private static final int POOL_SIZE = 8;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long RESPONSE_TIMEOUT_MILLIS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DirectorySettings settings;
    private final DirectoryLayout layout;
    private final LDAPConnectionPool pool;

    private DirectoryConnection(DirectorySettings settings, LDAPConnectionPool pool) {
        this.settings = settings;
        this.layout = DirectoryLayout.of(settings.baseDn());
        this.pool = pool;
    }

    /** Connects and binds as the control plane's account; fails with {@link DirectoryUnavailableException}. */
    public static DirectoryConnection connect(DirectorySettings settings) {
        if (settings.bindPassword() == null || settings.bindPassword().isEmpty()) {
            // An empty simple bind is an anonymous bind: it would "succeed" and leave a directory that can do nothing.
            throw new IllegalStateException("No password configured for the directory account " + settings.bindDn());
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(CONNECT_TIMEOUT_MILLIS);
        options.setResponseTimeoutMillis(RESPONSE_TIMEOUT_MILLIS);
        try {
            LDAPConnection connection = settings.secure()
                    ? new LDAPConnection(sslSocketFactory(), options, settings.host(), settings.port())
                    : new LDAPConnection(options, settings.host(), settings.port());
            try {
                connection.bind(new SimpleBindRequest(settings.bindDn(), settings.bindPassword()));
            } catch (LDAPException e) {
                connection.close();
                throw e;
            }
            LDAPConnectionPool pool = new LDAPConnectionPool(connection, 1, POOL_SIZE);
            pool.setRetryFailedOperationsDueToInvalidConnections(true);
            pool.setConnectionPoolName("essaim-directory");
            return new DirectoryConnection(settings, pool);
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS) {
                throw new IllegalStateException(
                        "The directory at " + settings.url() + " refused the bind as " + settings.bindDn()
                                + ": check the configured bind DN and password",
                        e);
            }
            throw new DirectoryUnavailableException(settings.url(), e);
        }
    }

    private static SSLSocketFactory sslSocketFactory() throws LDAPException {
        try {
            String trustStore = System.getProperty("java.home") + "/lib/security/cacerts";
            return new SSLUtil(new TrustStoreTrustManager(trustStore)).createSSLSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new LDAPException(ResultCode.CONNECT_ERROR, "TLS setup failed: " + e.getMessage(), e);
        }
    }

    public DirectoryLayout layout() {
        return layout;
    }

    public DirectorySettings settings() {
        return settings;
    }

    /** The pool, bound as the control plane, for this package's classes that do the work. */
    LDAPConnectionPool pool() {
        return pool;
    }

    /** Creates the base entry, {@code ou=staff} and {@code ou=spaces} where they are missing. Idempotent. */
    public void ensureSkeleton() {
        addIfMissing(layout.baseEntry());
        addIfMissing(organizationalUnit(layout.staff(), "staff"));
        addIfMissing(organizationalUnit(layout.spaces(), "spaces"));
        addIfMissing(signInDecoy(true));
        addIfMissing(signInDecoy(false));
    }

    /**
     * A decoy sign-ins bind to instead of an account that does not exist (see {@link DirectoryLayout#signInDecoy}).
     * Its password is random, hashed by the directory on add (OpenLDAP's ppolicy {@code hash_cleartext}, the
     * embedded directory's encoder) and known to nobody: it is never written down, not even here.
     */
    private Entry signInDecoy(boolean person) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        Entry entry = new Entry(
                layout.signInDecoy(person),
                new Attribute("objectClass", "top", "applicationProcess", "simpleSecurityObject"),
                new Attribute("cn", layout.signInDecoy(person).getRDN().getAttributeValues()[0]),
                new Attribute("userPassword", HexFormat.of().formatHex(random)));
        if (person) {
            entry.addAttribute(
                    "pwdPolicySubentry", layout.peoplePasswordPolicy().toString());
        }
        return entry;
    }

    static Entry organizationalUnit(DN dn, String name) {
        return new Entry(dn, new Attribute("objectClass", "top", "organizationalUnit"), new Attribute("ou", name));
    }

    private void addIfMissing(Entry entry) {
        try {
            pool.add(entry);
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS) {
                throw failure(e);
            }
        }
    }

    /** Sets a password through the Password Modify extended operation (RFC 3062): the directory hashes it. */
    public void setPassword(DN account, String newPassword) {
        try {
            ExtendedResult result = pool.processExtendedOperation(
                    new PasswordModifyExtendedRequest(account.toString(), null, newPassword));
            if (result.getResultCode() != ResultCode.SUCCESS) {
                throw new DirectoryRefusalException(result.getResultCode(), result.getDiagnosticMessage());
            }
        } catch (LDAPException e) {
            throw failure(e);
        }
    }

    /**
     * Checks a password by binding as the account, then reverts the pooled connection to the control plane's
     * identity. Wrong password, unknown account and empty password all answer false; an unreachable directory
     * throws {@link DirectoryUnavailableException}.
     */
    public boolean authenticate(DN account, String password) {
        if (password == null || password.isEmpty()) {
            return false; // an empty simple bind is an anonymous bind: it must never count as a sign-in
        }
        try {
            pool.bindAndRevertAuthentication(new SimpleBindRequest(account, password));
            return true;
        } catch (LDAPException e) {
            ResultCode code = e.getResultCode();
            if (code == ResultCode.INVALID_CREDENTIALS
                    || code == ResultCode.NO_SUCH_OBJECT
                    || code == ResultCode.INAPPROPRIATE_AUTHENTICATION
                    || code == ResultCode.UNWILLING_TO_PERFORM) {
                return false;
            }
            throw failure(e);
        }
    }

    /** A cheap round trip for health checks. */
    public boolean isReachable() {
        try {
            return pool.getRootDSE() != null;
        } catch (LDAPException e) {
            return false;
        }
    }

    /**
     * What an {@link LDAPException} means to the caller: the directory said no ({@link DirectoryRefusalException}),
     * or it could not be reached ({@link DirectoryUnavailableException}, retried by whoever can wait).
     */
    RuntimeException failure(LDAPException e) {
        if (e.getResultCode().isConnectionUsable()) {
            return new DirectoryRefusalException(
                    e.getResultCode(), e.getDiagnosticMessage() != null ? e.getDiagnosticMessage() : e.getMessage());
        }
        return new DirectoryUnavailableException(settings.url(), e);
    }

    @Override
    public void close() {
        pool.close();
    }
}
