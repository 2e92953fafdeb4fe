package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every container of every component, against Pod Security "restricted" and Essaim's own rules. */
class ContainerSecurityTest {

    private final PlatformSettings platform = Platforms.example();

    private List<PodSpec> everyPod() {
        List<PodSpec> pods = new ArrayList<>();
        for (SpaceSpec spec :
                List.of(SpaceSpec.of("asso", "A"), SpaceSpec.of("asso", "A").withOfficeSuite(OfficeSuite.ONLYOFFICE))) {
            for (HasMetadata object : TenantTemplates.render(spec, platform).objects()) {
                Objects.podSpec(object).ifPresent(pods::add);
            }
        }
        return pods;
    }

    @Test
    void everyPodRunsRestricted() {
        assertThat(everyPod()).hasSize(10).allSatisfy(pod -> {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken())
                    .as("no API token in app pods")
                    .isFalse();
            assertThat(pod.getHostNetwork()).isNull();
            assertThat(pod.getHostPID()).isNull();
            assertThat(pod.getVolumes())
                    .allSatisfy(v -> assertThat(v.getHostPath()).isNull());
        });
    }

    @Test
    void everyContainerHasRequestsAndLimitsAndNoPrivilege() {
        for (PodSpec pod : everyPod()) {
            // Init containers (the workspace's apps copy) follow the same rules.
            List<Container> containers = new ArrayList<>(pod.getInitContainers());
            containers.addAll(pod.getContainers());
            for (Container container : containers) {
                String name = container.getName();
                assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(name).containsKeys("cpu", "memory");
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                        .as(name)
                        .isFalse();
                assertThat(container.getSecurityContext().getRunAsNonRoot())
                        .as(name)
                        .isTrue();
                assertThat(container.getSecurityContext().getPrivileged())
                        .as(name)
                        .isNull();
                assertThat(container.getSecurityContext().getCapabilities().getDrop())
                        .as(name)
                        .containsExactly("ALL");
                assertThat(container.getSecurityContext().getCapabilities().getAdd())
                        .as(name)
                        .isEmpty();
                // Every image Essaim runs allows it, with /tmp and the apps' state on volumes.
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                        .as(name)
                        .isTrue();
            }
        }
    }

    @Test
    void everyImageIsOneOfThePinnedVersions() {
        Set<String> images = Set.copyOf(AppCatalogue.pinned().allImages());
        for (PodSpec pod : everyPod()) {
            for (Container container : pod.getInitContainers()) {
                assertThat(images).as(container.getName()).contains(container.getImage());
            }
            for (Container container : pod.getContainers()) {
                assertThat(images).as(container.getName()).contains(container.getImage());
            }
        }
    }

    @Test
    void thePinnedVersionsAreExactVersionsKeptInOnePlace() {
        for (String pinned : AppCatalogue.pinned().allImages()) {
            // A published image of Essaim's own is pinned by digest too (runbooks/building-images.md).
            assertThat(pinned)
                    .as("registry/name:tag[@sha256:digest]")
                    .matches("^[a-z0-9.-]+(/[a-z0-9._-]+)+:[A-Za-z0-9._-]+(@sha256:[0-9a-f]{64})?$");
            String image = pinned.replaceFirst("@sha256:[0-9a-f]{64}$", "");
            String tag = image.substring(image.lastIndexOf(':') + 1);
            assertThat(tag)
                    .as(image + ": an exact version (PostgreSQL's are major.minor), never a bare major")
                    .matches("^\\d+\\.\\d+(\\.\\d+)?([.-].*)?$")
                    .doesNotContain("latest");
        }
    }

    @Test
    void anotherPlatformVersionReachesEveryContainer() {
        PlatformSettings upgraded = platform.withImages(new ImageVersions(
                "registry.example/nextcloud:32.0.0-fpm",
                "registry.example/nginx:1.29.0",
                "registry.example/mobilizon:5.2.0",
                "registry.example/phpbb:3.3.16"));
        for (HasMetadata object :
                TenantTemplates.render(SpaceSpec.of("asso", "A"), upgraded).objects()) {
            Objects.podSpec(object)
                    .ifPresent(pod -> pod.getContainers()
                            .forEach(c -> assertThat(c.getImage()).startsWith("registry.example/")));
        }
    }
}
