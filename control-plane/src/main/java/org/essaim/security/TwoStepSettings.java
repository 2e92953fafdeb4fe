package org.essaim.security;

import org.essaim.platform.InvalidSetting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.Base64;

/**
 * {@code essaim.two-step.*}: the second sign-in step (an authenticator app's codes, or recovery codes).
 *
 * @param requiredForStaff   whether every staff account must enrol before it can use the console
 * @param failuresPerAccount wrong codes allowed per hour for one account, from all addresses (0 turns the limit off)
 * @param issuer             the name authenticator apps show beside the account
 * @param key                the key (32 bytes, base64: {@code openssl rand -base64 32}) sealing the two-step secrets
 *                           in the database, the same on every replica (the chart keeps it in a Secret); empty: the
 *                           local default makes one in the data directory ({@code two-step.key})
 */
@ConfigurationProperties("essaim.two-step")
public record TwoStepSettings(
        @DefaultValue("false") boolean requiredForStaff,
        @DefaultValue("20") int failuresPerAccount,
        @DefaultValue("Essaim") String issuer,
        @DefaultValue("") String key) {

    public TwoStepSettings {
        InvalidSetting.zeroOrMore("essaim.two-step.failures-per-account", failuresPerAccount);
        if (issuer == null || issuer.isBlank()) {
            throw new InvalidSetting("essaim.two-step.issuer", "must name the platform, as authenticator apps show it");
        }
        key = key == null ? "" : key.strip();
        if (!key.isEmpty() && sealingKey(key).length != 32) {
            throw new InvalidSetting(
                    "essaim.two-step.key", "must be 32 bytes, base64-encoded (openssl rand -base64 32)");
        }
    }

    /** The configured key's bytes; empty when none is configured. */
    byte[] sealingKey() {
        return sealingKey(key);
    }

    private static byte[] sealingKey(String key) {
        try {
            return Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException notBase64) {
            throw new InvalidSetting(
                    "essaim.two-step.key", "must be 32 bytes, base64-encoded (openssl rand -base64 32)");
        }
    }
}
