package org.essaim.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the YAML and text kept beside the tenant templates (under {@code org/essaim/tenant/}) and fills in what
 * depends on the space. Each file is parsed once; every render gets its own copy.
 */
final class Templates {

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, JsonNode> TREES = new ConcurrentHashMap<>();
    private static final Map<String, String> TEXTS = new ConcurrentHashMap<>();

    private Templates() {}

    /** A fresh object of the given type from {@code org/essaim/tenant/<resource>}. */
    static <T> T load(Class<T> type, String resource) {
        JsonNode tree = TREES.computeIfAbsent(resource, name -> {
            try {
                return YAML.readTree(text(name));
            } catch (IOException e) {
                throw new IllegalStateException("Template " + name + " is not valid YAML: " + e.getMessage(), e);
            }
        });
        return SERIALIZATION.convertValue(tree, type);
    }

    /** The text of {@code org/essaim/tenant/<resource>}: scripts and configuration files shipped in ConfigMaps. */
    static String text(String resource) {
        return TEXTS.computeIfAbsent(resource, name -> {
            try (InputStream in = Templates.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("Template " + name + " is missing");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Names the object, puts it in the space's namespace and gives it the space's labels (kept if already set). */
    static <T extends HasMetadata> T place(T object, String name, String namespace, Map<String, String> labels) {
        ObjectMeta metadata = object.getMetadata() == null ? new ObjectMeta() : object.getMetadata();
        metadata.setName(name);
        metadata.setNamespace(namespace);
        Map<String, String> merged = new LinkedHashMap<>(labels);
        if (metadata.getLabels() != null) {
            merged.putAll(metadata.getLabels());
        }
        metadata.setLabels(merged);
        object.setMetadata(metadata);
        return object;
    }

    static Container container(PodSpec pod, String name) {
        return pod.getContainers().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The template has no container " + name));
    }

    /** Sets an environment variable the template declares (an unknown name is a template bug, so it fails). */
    static void env(Container container, String name, String value) {
        EnvVar variable = container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(container.getName() + " declares no variable " + name));
        variable.setValue(value);
    }

    /** A label selector; an empty map selects everything. */
    static LabelSelector selector(Map<String, String> labels) {
        return new LabelSelectorBuilder()
                .withMatchLabels(labels.isEmpty() ? null : new LinkedHashMap<>(labels))
                .build();
    }

    static EnvVar secretEnv(String name, String secret, String key) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                .withNewSecretKeyRef(key, secret, false)
                .endValueFrom()
                .build();
    }

    /** A short, stable hash of what an object does, for the names and labels of Jobs. */
    static String hash(Object value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(SERIALIZATION.asJson(value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
