package org.essaim.provisioner;

import org.essaim.tenant.RequiredSecret;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A space's Secrets for one reconciliation: those that exist are read, those that are missing are generated in
 * memory. A generated value is stored only once what depends on it holds it ({@link #confirm}): the directory has
 * the service account's password, the database its role's. So a provisioner that dies in between generates a new
 * value on the next pass and sets it again, and a stored Secret always matches what it opens. Values never leave
 * this class except to the directory, the database and the Secret itself; {@link #toString()} shows none.
 */
final class Credentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Map<String, String>> values = new LinkedHashMap<>();
    private final Set<String> fresh = new HashSet<>();
    private final Set<String> awaitingConfirmation = new HashSet<>();
    private final Set<String> platformChanged = new HashSet<>();
    private final Set<String> updated = new HashSet<>();
    private final Map<String, List<String>> problems = new LinkedHashMap<>();

    private Credentials() {}

    /**
     * @param confirmedBy secrets whose fresh values must first be set somewhere else (directory, databases)
     */
    static Credentials load(
            SpaceTarget target,
            String namespace,
            List<RequiredSecret> required,
            Map<String, Map<String, String>> platformValues,
            Set<String> confirmedBy) {
        Credentials credentials = new Credentials();
        for (RequiredSecret secret : required) {
            Optional<Map<String, String>> existing = target.readSecret(namespace, secret.name());
            Map<String, String> current = new LinkedHashMap<>(existing.orElse(Map.of()));
            boolean generated = false;
            for (String key : secret.generated()) {
                if (!current.containsKey(key) || current.get(key).isEmpty()) {
                    current.put(key, randomValue());
                    generated = true;
                }
            }
            for (String key : secret.platform()) {
                String value =
                        platformValues.getOrDefault(secret.name(), Map.of()).get(key);
                if (value == null || value.isEmpty()) {
                    credentials
                            .problems
                            .computeIfAbsent(secret.name(), name -> new ArrayList<>())
                            .add("The platform setting for " + secret.name() + "/" + key
                                    + " is missing (" + secret.name()
                                    + " is needed by the space's choices); set it in the "
                                    + "provisioner's configuration.");
                } else if (!value.equals(current.get(key))) {
                    current.put(key, value);
                    credentials.platformChanged.add(secret.name());
                }
            }
            credentials.values.put(secret.name(), current);
            if (generated) {
                credentials.fresh.add(secret.name());
                if (confirmedBy.contains(secret.name())) {
                    credentials.awaitingConfirmation.add(secret.name());
                }
            }
        }
        return credentials;
    }

    String value(String secret, String key) {
        Map<String, String> secretValues = values.get(secret);
        if (secretValues == null || secretValues.get(key) == null) {
            throw new IllegalStateException("No value for " + secret + "/" + key);
        }
        return secretValues.get(key);
    }

    /** Every value of a Secret, as it will be stored (unmodifiable); empty for a Secret not loaded. */
    Map<String, String> values(String secret) {
        return Collections.unmodifiableMap(values.getOrDefault(secret, Map.of()));
    }

    /**
     * Changes a loaded Secret's values (a rotation): {@code changes} are set, {@code removed} keys dropped, and the
     * Secret is stored by the next {@link #store}, unless it still awaits confirmation.
     */
    void update(String secret, Map<String, String> changes, Set<String> removed) {
        Map<String, String> secretValues = values.get(secret);
        if (secretValues == null) {
            throw new IllegalStateException("No Secret " + secret + " was loaded");
        }
        secretValues.putAll(changes);
        removed.forEach(secretValues::remove);
        updated.add(secret);
    }

    /** A fresh random value, as generated keys get. */
    static String generate() {
        return randomValue();
    }

    /** True when the Secret did not exist (or lacked a key) and its value was generated in this pass. */
    boolean fresh(String secret) {
        return fresh.contains(secret);
    }

    /** What depends on this Secret now holds its value: it may be stored. */
    void confirm(String secret) {
        awaitingConfirmation.remove(secret);
    }

    /** What is missing, for every Secret but those named. */
    List<String> problemsExcept(String... secrets) {
        Set<String> left = Set.of(secrets);
        return problems.entrySet().stream()
                .filter(e -> !left.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream())
                .toList();
    }

    /** What is missing for one Secret. */
    List<String> problemsOf(String secret) {
        return problems.getOrDefault(secret, List.of());
    }

    /**
     * Stores every generated Secret whose value is in place, every platform Secret whose value changed and every
     * Secret {@linkplain #update updated}.
     */
    int store(SpaceTarget target, String slug, String namespace) {
        int written = 0;
        for (Map.Entry<String, Map<String, String>> secret : values.entrySet()) {
            String name = secret.getKey();
            boolean generatedAndHeld = fresh.contains(name) && !awaitingConfirmation.contains(name);
            boolean updatedAndHeld = updated.contains(name) && !awaitingConfirmation.contains(name);
            if (generatedAndHeld || platformChanged.contains(name) || updatedAndHeld) {
                target.writeSecret(slug, namespace, name, secret.getValue());
                fresh.remove(name);
                platformChanged.remove(name);
                updated.remove(name);
                written++;
            }
        }
        return written;
    }

    private static String randomValue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "Credentials" + values.keySet();
    }
}
