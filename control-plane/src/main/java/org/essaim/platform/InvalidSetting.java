package org.essaim.platform;

import java.time.Duration;
import java.util.Locale;

/**
 * A setting Essaim cannot start with. Its message names the key and the environment variable that sets it, so the
 * start-up failure line ({@link OneLineFailureReporter}) says exactly what to change; it never repeats a secret.
 */
public class InvalidSetting extends IllegalArgumentException {

    private final String key;

    /**
     * @param key     the setting, as written in application.yml ({@code essaim.sign-in.max-delay})
     * @param problem what is wrong, as the end of "key must ..." ({@code "must be positive, not -1s"})
     */
    public InvalidSetting(String key, String problem) {
        super(key + " " + problem + " (environment variable " + environmentVariable(key) + ")");
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Spring's environment-variable form of a key: {@code essaim.sign-in.max-delay} is {@code ESSAIM_SIGN_IN_MAX_DELAY}. */
    public static String environmentVariable(String key) {
        return key.replaceAll("[.\\-\\[\\]]+", "_").replaceAll("_$", "").toUpperCase(Locale.ROOT);
    }

    /** Refuses a negative count; 0 stays allowed (for a rate limit, 0 turns it off). */
    public static int zeroOrMore(String key, int value) {
        if (value < 0) {
            throw new InvalidSetting(key, "must be 0 or more (0 turns the limit off), not " + value);
        }
        return value;
    }

    public static long atLeast(String key, long value, long minimum) {
        if (value < minimum) {
            throw new InvalidSetting(key, "must be at least " + minimum + ", not " + value);
        }
        return value;
    }

    public static Duration zeroOrMore(String key, Duration value) {
        if (value == null || value.isNegative()) {
            throw new InvalidSetting(key, "must be a duration of 0 or more such as 50ms or 5s, not " + value);
        }
        return value;
    }

    public static Duration positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidSetting(key, "must be a positive duration such as 30s, 5m or 1d, not " + value);
        }
        return value;
    }
}
