package org.essaim.staff;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
import org.essaim.audit.AuditLog;
import org.essaim.ldap.PasswordPolicy;
import org.essaim.ldap.StaffAccount;
import org.essaim.ldap.StaffAccounts;
import org.essaim.platform.DataDirectory;
import org.essaim.platform.EssaimProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * On a first start (no staff account in the directory) creates the staff account {@code admin}. Its password
 * is {@code ESSAIM_BOOTSTRAP_STAFF_PASSWORD} when given; otherwise generated, shown once in the log and
 * written to {@code <data dir>/initial-staff-password}, readable by the owner only.
 */
@Component
public class StaffBootstrap {

    private static final Logger log = LoggerFactory.getLogger(StaffBootstrap.class);
    public static final String FIRST_STAFF_UID = "admin";
    public static final String PASSWORD_FILE = "initial-staff-password";
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final StaffAccounts staffAccounts;
    private final AuditLog auditLog;
    private final TransactionTemplate transaction;
    private final DataDirectory dataDirectory;
    private final String configuredPassword;
    private final SecureRandom random = new SecureRandom();

    StaffBootstrap(
            StaffAccounts staffAccounts,
            AuditLog auditLog,
            TransactionTemplate transaction,
            DataDirectory dataDirectory,
            EssaimProperties properties) {
        this.staffAccounts = staffAccounts;
        this.auditLog = auditLog;
        this.transaction = transaction;
        this.dataDirectory = dataDirectory;
        this.configuredPassword = properties.bootstrap().staffPassword();
    }

    /** What a newcomer needs to sign in, or empty when staff already existed before this start. */
    public record FirstSignIn(String uid, Optional<Path> passwordFile) {}

    public Optional<FirstSignIn> createFirstStaffIfMissing() {
        if (staffAccounts.hasStaff()) {
            return Optional.empty();
        }
        boolean generated = configuredPassword == null || configuredPassword.isBlank();
        if (!generated) {
            // The same rules as everyone's, before anything is created: a weak configured password stops the start.
            PasswordPolicy.assess(
                            configuredPassword,
                            new PasswordPolicy.PersonalWords(FIRST_STAFF_UID, null, "Administrator", null, null))
                    .ifPresent(verdict -> {
                        throw new IllegalStateException(
                                "ESSAIM_BOOTSTRAP_STAFF_PASSWORD (essaim.bootstrap.staff-password) "
                                        + "is refused by the password policy (" + verdict.refusal() + "): use at least "
                                        + PasswordPolicy.MIN_LENGTH + " and at most "
                                        + PasswordPolicy.MAX_LENGTH + " characters, no control character, "
                                        + "hard to guess (a few uncommon words), or leave it empty to have one generated");
                    });
        }
        String password = generated ? generatePassword() : configuredPassword;
        staffAccounts.create(new StaffAccount(FIRST_STAFF_UID, "Administrator", null));
        staffAccounts.setPassword(FIRST_STAFF_UID, password);
        transaction.executeWithoutResult(status -> auditLog.record(
                AuditLog.SYSTEM_ACTOR,
                AuditAction.STAFF_CREATED,
                "staff:" + FIRST_STAFF_UID,
                generated ? AuditDetail.STAFF_FIRST_GENERATED : AuditDetail.STAFF_FIRST_CONFIGURED));
        if (!generated) {
            log.info(
                    "Created the first staff account '{}' with the password from ESSAIM_BOOTSTRAP_STAFF_PASSWORD",
                    FIRST_STAFF_UID);
            return Optional.of(new FirstSignIn(FIRST_STAFF_UID, Optional.empty()));
        }
        Path file = writeOwnerOnly(dataDirectory.resolve(PASSWORD_FILE), password);
        // Shown once, on purpose: this is the only way a newcomer learns it without reading the file.
        log.info(
                "Created the first staff account '{}' with the generated password: {} (also in {})",
                FIRST_STAFF_UID,
                password,
                file);
        return Optional.of(new FirstSignIn(FIRST_STAFF_UID, Optional.of(file)));
    }

    private String generatePassword() {
        StringBuilder password = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    private static Path writeOwnerOnly(Path file, String content) {
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, content + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
