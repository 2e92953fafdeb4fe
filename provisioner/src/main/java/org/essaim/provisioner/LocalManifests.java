package org.essaim.provisioner;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.essaim.tenant.ComponentObjects;
import org.essaim.tenant.RenderedSpace;
import org.essaim.tenant.SpaceLabels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * No cluster: each space's objects are written to {@code <data>/spaces/<slug>/manifests.yaml}, one multi-document
 * YAML ready for {@code kubectl apply -f}, and nothing runs. The space's Secrets are in the same file with their
 * generated values (so that applying it gives a working space, and so that they are generated only once), which is
 * why the file is readable by its owner only.
 */
final class LocalManifests implements SpaceTarget {

    static final String FILE = "manifests.yaml";

    private final Path spaces;
    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final Map<String, Map<String, Map<String, String>>> pending = new ConcurrentHashMap<>();

    /** @param dataDirectory Essaim's data directory; files go under its {@code spaces/} */
    LocalManifests(Path dataDirectory) {
        this.spaces = dataDirectory.resolve("spaces");
    }

    Path file(String slug) {
        return spaces.resolve(slug).resolve(FILE);
    }

    @Override
    public boolean cluster() {
        return false;
    }

    @Override
    public String describe(String slug) {
        return file(slug).toString();
    }

    @Override
    public int apply(ComponentObjects component) {
        return 0;
    }

    @Override
    public Optional<Map<String, String>> readSecret(String namespace, String name) {
        Map<String, String> staged = pending.getOrDefault(namespace, Map.of()).get(name);
        if (staged != null) {
            return Optional.of(staged);
        }
        return writtenSecrets(slugOf(namespace)).stream()
                .filter(s -> s.getMetadata().getName().equals(name))
                .findFirst()
                .map(LocalManifests::values);
    }

    @Override
    public void writeSecret(String slug, String namespace, String name, Map<String, String> values) {
        pending.computeIfAbsent(namespace, ns -> new ConcurrentHashMap<>()).put(name, Map.copyOf(values));
    }

    /** Nothing runs locally, so nothing is ever backed up. */
    @Override
    public Optional<Instant> lastSuccessfulBackup(String namespace) {
        return Optional.empty();
    }

    @Override
    public void finish(RenderedSpace space) {
        Map<String, Secret> secrets = new LinkedHashMap<>();
        for (Secret written : writtenSecrets(space.slug())) {
            secrets.put(written.getMetadata().getName(), written);
        }
        Map<String, Map<String, String>> staged = pending.remove(space.namespace());
        if (staged != null) {
            staged.forEach((name, values) -> secrets.put(name, secret(space.slug(), space.namespace(), name, values)));
        }
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Space ")
                .append(space.slug())
                .append(", rendered by Essaim's provisioner. No cluster is ")
                .append("configured, so nothing runs:\n# apply it with `kubectl apply -f ")
                .append(FILE)
                .append("` (the namespace first; it holds the space's Secrets, keep it private).\n");
        // Self-consistent: a Secret the objects refer to is in the file, or said here to be missing and why (a platform
        // setting not given to this provisioner, such as the backup bucket's keys).
        for (String name : referredSecrets(space.objects())) {
            if (!secrets.containsKey(name)) {
                String keys = space.secrets().stream()
                        .filter(r -> r.name().equals(name))
                        .findFirst()
                        .map(r -> String.join(", ", r.platform().isEmpty() ? r.generated() : r.platform()))
                        .orElse("?");
                yaml.append("# NOT IN THIS FILE: Secret ")
                        .append(name)
                        .append(" (keys ")
                        .append(keys)
                        .append(") comes from the platform's settings, which this provisioner was not given; create")
                        .append(" it in namespace ")
                        .append(space.namespace())
                        .append(" before applying, or its users")
                        .append(" will not start.\n");
            }
        }
        List<HasMetadata> objects = new ArrayList<>(space.objects());
        int afterNamespace = objects.isEmpty() ? 0 : 1;
        objects.addAll(afterNamespace, secrets.values());
        for (HasMetadata object : objects) {
            yaml.append(serialization.asYaml(object));
        }
        write(file(space.slug()), yaml.toString());
    }

    /**
     * The names of the Secrets the objects refer to: env and envFrom references, secret volumes and projections,
     * and any {@code *SecretRef} field (k8up's backend keys, its repository password).
     */
    List<String> referredSecrets(List<HasMetadata> objects) {
        Set<String> names = new TreeSet<>();
        for (HasMetadata object : objects) {
            if (!(object instanceof Secret)) {
                collect(serialization.convertValue(object, Map.class), null, names);
            }
        }
        return List.copyOf(names);
    }

    private static void collect(Object node, String key, Set<String> names) {
        if (node instanceof Map<?, ?> map) {
            boolean ref =
                    key != null && (key.endsWith("SecretRef") || key.equals("secretKeyRef") || key.equals("secretRef"));
            if (ref && map.get("name") instanceof String name) {
                names.add(name);
            }
            if ("secret".equals(key)) {
                Object name = map.containsKey("secretName") ? map.get("secretName") : map.get("name");
                if (name instanceof String secretName) {
                    names.add(secretName);
                }
            }
            map.forEach((k, v) -> collect(v, String.valueOf(k), names));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, key, names));
        }
    }

    @Override
    public void erase(String slug, String namespace) {
        Path directory = spaces.resolve(slug);
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + directory, e);
        }
    }

    private List<Secret> writtenSecrets(String slug) {
        Path file = file(slug);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<Secret> secrets = new ArrayList<>();
            for (String document : text.split("(?m)^---\\s*$")) {
                if (document.contains("kind: \"Secret\"") || document.contains("kind: Secret")) {
                    secrets.add(serialization.unmarshal(document, Secret.class));
                }
            }
            return secrets;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static Map<String, String> values(Secret secret) {
        Map<String, String> values = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData()
                    .forEach((k, v) ->
                            values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        return values;
    }

    private static Secret secret(String slug, String namespace, String name, Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(SpaceLabels.of(slug))
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }

    private static String slugOf(String namespace) {
        return namespace.startsWith("space-") ? namespace.substring("space-".length()) : namespace;
    }

    /** Replaces the file atomically, readable by its owner only; an unchanged file is not rewritten. */
    private static void write(Path file, String content) {
        try {
            if (Files.exists(file)
                    && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
                return;
            }
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(FILE + ".tmp");
            Files.deleteIfExists(temporary);
            try {
                Files.createFile(
                        temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(temporary);
            }
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
