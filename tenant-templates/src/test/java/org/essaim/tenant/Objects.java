package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Small readers over rendered objects, for the tests. */
final class Objects {

    private Objects() {}

    static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + type.getSimpleName() + " " + name));
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static Optional<PodSpec> podSpec(HasMetadata object) {
        return switch (object) {
            case Deployment d -> Optional.of(d.getSpec().getTemplate().getSpec());
            case Job j -> Optional.of(j.getSpec().getTemplate().getSpec());
            default -> Optional.empty();
        };
    }

    /** Literal values of a container's environment (variables from Secrets are left out). */
    static Map<String, String> env(Container container) {
        return container.getEnv().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    /** Every variable a container gets, literal or from a Secret. */
    static List<String> envNames(Container container) {
        return container.getEnv().stream().map(EnvVar::getName).toList();
    }
}
