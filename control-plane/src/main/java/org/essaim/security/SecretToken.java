package org.essaim.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The secrets in links sent by email (confirmation, status, unsubscribe): 256 random bits, URL-safe. Only their
 * SHA-256 is stored, so a copy of the database opens no application; the clear value exists in the email alone.
 * Never log one. The hash needs no salt: the token itself is high-entropy.
 */
public record SecretToken(String value) {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** 32 bytes in unpadded base64url. Anything else is not one of ours and is refused before any lookup. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    public static SecretToken generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new SecretToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public static boolean wellFormed(String candidate) {
        return candidate != null && SHAPE.matcher(candidate).matches();
    }

    public String hash() {
        return hash(value);
    }

    public static String hash(String value) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(value.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "SecretToken[hidden]";
    }
}
