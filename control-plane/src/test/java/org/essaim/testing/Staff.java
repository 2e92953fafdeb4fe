package org.essaim.testing;

import org.essaim.ldap.StaffAccount;
import org.essaim.ldap.StaffAccounts;
import org.essaim.platform.DataDirectory;
import org.essaim.staff.StaffBootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Staff accounts of a test application: the generated first one, and more made on demand. */
public final class Staff {

    private Staff() {}

    /** The password generated for {@code admin} at the context's first start. */
    public static String adminPassword(DataDirectory dataDirectory) {
        try {
            return Files.readString(dataDirectory.resolve(StaffBootstrap.PASSWORD_FILE))
                    .strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a staff account (once) with the given password. */
    public static void ensure(StaffAccounts staff, String uid, String displayName, String password) {
        if (staff.find(uid).isEmpty()) {
            staff.create(new StaffAccount(uid, displayName, null));
        }
        staff.setPassword(uid, password);
    }
}
