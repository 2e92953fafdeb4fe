package org.essaim.tenant;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each workspace's serverinfo token ({@code NC-Token}), derived from one platform key: HMAC-SHA256 of
 * {@code serverinfo:<slug>}, in hex. The provisioner derives it to configure the workspace
 * ({@code occ config:app:set serverinfo token}, through the space's {@code serverinfo-token} Secret), the control
 * plane derives the same value when it asks the workspace for its usage, so the control plane never reads a Secret
 * of a space's namespace, and a token read from one workspace opens no other. Here because both use it and neither
 * may depend on the other.
 */
public final class ServerInfoToken {

    /** At least 256 bits of key, written as text (e.g. {@code openssl rand -hex 32}). */
    public static final int MINIMUM_KEY_LENGTH = 32;

    private ServerInfoToken() {}

    /** @throws IllegalArgumentException when the key is missing or shorter than {@link #MINIMUM_KEY_LENGTH} */
    public static String forSpace(String key, String slug) {
        return hex(hmac(checked(key), "serverinfo:" + slug));
    }

    /**
     * A fingerprint of the key that says nothing about it (nor about any token): what the workspace's configuration
     * Job carries, so that a new key runs every Job again and sets the new tokens.
     */
    public static String keyId(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(hmac(checked(key), "key-id"));
            return hex(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String checked(String key) {
        if (key == null || key.length() < MINIMUM_KEY_LENGTH) {
            throw new IllegalArgumentException("The serverinfo token key must have at least " + MINIMUM_KEY_LENGTH
                    + " characters (openssl rand -hex 32)");
        }
        return key;
    }

    private static byte[] hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
