package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceStatus;
import org.essaim.tenant.SingleSignOn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A space's OpenID Connect client secrets ({@link SingleSignOn#SECRET}): generated once like any generated Secret
 * (one key per client), rotated when staff set a new value on the Space's {@link SingleSignOn#ROTATION_ANNOTATION},
 * and reported to the control plane as SHA-256 in {@code status.singleSignOn}.
 *
 * <p>A rotation keeps each client's previous secret ({@link SingleSignOn#previousSecretKey}) beside the new one, and
 * its hash in the status after the current one, so the provider accepts both while the apps move over: the rotation
 * value is on the apps' pod templates, so the workspace's configure Job runs again (giving user_oidc the new secret)
 * and Mobilizon restarts with it. Once a later pass finds the apps checked at this generation (the self-check's
 * conditions True: the new Job finished, Mobilizon answers), or when nothing runs (no cluster), the previous secrets
 * are dropped from the Secret and the status. A converged space writes nothing: the Secret is written only when it
 * changes, and the status only when the hashes do.
 */
final class ClientSecrets {

    private ClientSecrets() {}

    /** The rotation staff asked for on the Space, or null. */
    static String requestedRotation(ObjectMeta metadata) {
        Map<String, String> annotations = metadata == null ? null : metadata.getAnnotations();
        String value = annotations == null ? null : annotations.get(SingleSignOn.ROTATION_ANNOTATION);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * Rotates the clients' secrets when the Space asks for a rotation the Secret has not had yet.
     *
     * @return true when it rotated in this pass
     */
    static boolean rotate(Credentials credentials, List<SingleSignOn.Client> clients, String requested) {
        Map<String, String> values = credentials.values(SingleSignOn.SECRET);
        if (requested == null || values.isEmpty() || requested.equals(values.get(SingleSignOn.ROTATION_KEY))) {
            return false;
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (SingleSignOn.Client client : clients) {
            String current = values.get(client.secretKey());
            if (current != null && !credentials.fresh(SingleSignOn.SECRET)) {
                changes.put(SingleSignOn.previousSecretKey(client.app()), current);
            }
            changes.put(client.secretKey(), Credentials.generate());
        }
        changes.put(SingleSignOn.ROTATION_KEY, requested);
        credentials.update(SingleSignOn.SECRET, changes, Set.of());
        return true;
    }

    /**
     * Drops the previous secrets once the apps run with the current ones.
     *
     * @param appsMovedOver whether the apps are known to hold the current secrets (see the class comment)
     */
    static void settle(Credentials credentials, boolean appsMovedOver) {
        Map<String, String> values = credentials.values(SingleSignOn.SECRET);
        Set<String> previous = new LinkedHashSet<>();
        for (String key : values.keySet()) {
            if (key.endsWith("-client-secret-previous")) {
                previous.add(key);
            }
        }
        if (appsMovedOver && !previous.isEmpty()) {
            credentials.update(SingleSignOn.SECRET, Map.of(), previous);
        }
    }

    /**
     * Whether the apps that hold a client secret were checked at this generation: True for each, whatever the
     * reason (checked, off, suspended); without a cluster nothing runs, so nothing holds an old secret.
     */
    static boolean appsMovedOver(ConditionSet conditions, boolean cluster) {
        if (!cluster) {
            return true;
        }
        for (String type : List.of(SpaceConditions.WORKSPACE_VERIFIED, SpaceConditions.EVENTS_VERIFIED)) {
            var condition = conditions.get(type);
            if (condition == null || !SpaceConditions.TRUE.equals(condition.getStatus())) {
                return false;
            }
        }
        return true;
    }

    /** What the status reports: each client's current secret's SHA-256, then its previous one during a rotation. */
    static List<SpaceStatus.ClientSecret> hashes(Credentials credentials, List<SingleSignOn.Client> clients) {
        Map<String, String> values = credentials.values(SingleSignOn.SECRET);
        List<SpaceStatus.ClientSecret> result = new ArrayList<>();
        for (SingleSignOn.Client client : clients) {
            String current = values.get(client.secretKey());
            if (current == null) {
                continue;
            }
            List<String> hashes = new ArrayList<>(List.of(sha256(current)));
            String previous = values.get(SingleSignOn.previousSecretKey(client.app()));
            if (previous != null) {
                hashes.add(sha256(previous));
            }
            result.add(new SpaceStatus.ClientSecret(client.clientId(), hashes));
        }
        return result.isEmpty() ? null : List.copyOf(result);
    }

    /** SHA-256 of a secret's UTF-8 bytes, lower-case hex: what the control plane compares presented secrets with. */
    static String sha256(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
