package org.essaim.security;

import org.essaim.platform.DataDirectory;

import java.security.SecureRandom;
import java.util.Base64;

/** Sealing keys for tests that play a replica configured with another key than the run's. */
public final class TestSeals {

    private TestSeals() {}

    /** A seal with a fresh random key, as a replica given another {@code essaim.two-step.key} has. */
    public static SecretSeal another(DataDirectory dataDirectory) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretSeal(
                new TwoStepSettings(false, 20, "Essaim", Base64.getEncoder().encodeToString(key)), dataDirectory);
    }
}
