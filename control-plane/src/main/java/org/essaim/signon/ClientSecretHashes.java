package org.essaim.signon;

import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks a client secret against the SHA-256s the provisioner reported (current, and previous during a rotation),
 * stored comma-separated as the registered client's secret. The secret itself never reaches the control plane.
 * Every hash is compared, in constant time, whatever matched first.
 */
final class ClientSecretHashes implements PasswordEncoder {

    @Override
    public String encode(CharSequence rawPassword) {
        return HexFormat.of().formatHex(sha256(rawPassword));
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null || encodedPassword.isEmpty()) {
            return false;
        }
        byte[] presented = sha256(rawPassword);
        boolean matched = false;
        for (String hash : encodedPassword.split(",")) {
            byte[] expected;
            try {
                expected = HexFormat.of().parseHex(hash.strip());
            } catch (IllegalArgumentException notHex) {
                continue;
            }
            matched |= MessageDigest.isEqual(presented, expected);
        }
        return matched;
    }

    private static byte[] sha256(CharSequence value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
