package org.essaim.usage;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Each workspace's serverinfo token ({@code NC-Token}), derived from one platform key: HMAC-SHA256 of
 * {@code serverinfo:<slug>}, in hex. The provisioner derives the same value when it configures the workspace
 * ({@code occ config:app:set serverinfo token}), so the control plane never reads a Secret of a space's namespace,
 * and a token read from one workspace opens no other.
 */
final class ServerInfoToken {

    /** At least 256 bits of key, written as text (e.g. {@code openssl rand -hex 32}). */
    static final int MINIMUM_KEY_LENGTH = 32;

    private ServerInfoToken() {
    }

    static String forSpace(String key, String slug) {
        if (key == null || key.length() < MINIMUM_KEY_LENGTH) {
            throw new IllegalArgumentException("essaim.usage.serverinfo.token-key must have at least "
                    + MINIMUM_KEY_LENGTH + " characters");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("serverinfo:" + slug).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
