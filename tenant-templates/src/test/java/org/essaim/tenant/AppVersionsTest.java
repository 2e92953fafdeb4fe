package org.essaim.tenant;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.essaim.space.resource.AppVersions;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The versions a space's spec names reach its containers; the catalogue is the one list of allowed versions. */
class AppVersionsTest {

    private final PlatformSettings platform = Platforms.example();
    private final AppCatalogue catalogue = AppCatalogue.pinned();

    @Test
    void aSpaceWithoutVersionsRunsTheDefaultsImages() {
        RenderedSpace rendered = TenantTemplates.render(SpaceSpec.of("asso", "A"), platform);
        assertThat(images(rendered, "nextcloud")).containsOnly("ghcr.io/essaim/nextcloud:31.0.9-fpm-1");
        assertThat(images(rendered, "mobilizon")).containsOnly("docker.io/framasoft/mobilizon:5.1.0");
        assertThat(TenantTemplates.versions(SpaceSpec.of("asso", "A")))
                .isEqualTo(new AppVersions("31.0.9", "24.04", "5.1.0", "3.3.15"));
        assertThat(office(rendered)).isEqualTo("https://office." + Platforms.DOMAIN);
    }

    @Test
    void theVersionsASpecNamesAreTheImagesItsContainersRun() {
        SpaceSpec spec = SpaceSpec.of("asso", "A").withVersions(new AppVersions("32.0.1", "25.04", null, null));
        RenderedSpace rendered = TenantTemplates.render(spec, platform);
        // The app, its background jobs and its configuration Job all move together.
        assertThat(images(rendered, "nextcloud")).containsOnly("ghcr.io/essaim/nextcloud:32.0.1-fpm-1");
        assertThat(images(rendered, "cron")).containsOnly("ghcr.io/essaim/nextcloud:32.0.1-fpm-1");
        assertThat(images(rendered, "configure")).contains("ghcr.io/essaim/nextcloud:32.0.1-fpm-1");
        assertThat(images(rendered, "mobilizon")).containsOnly("docker.io/framasoft/mobilizon:5.1.0");
        assertThat(office(rendered)).isEqualTo("https://office-25-04." + Platforms.DOMAIN);
        assertThat(office(TenantTemplates.render(spec.withOfficeSuite(OfficeSuite.ONLYOFFICE), platform)))
                .isEqualTo("https://onlyoffice-9-0." + Platforms.DOMAIN);
        assertThat(TenantTemplates.versions(spec)).isEqualTo(new AppVersions("32.0.1", "25.04", "5.1.0", "3.3.15"));
    }

    @Test
    void anotherVersionChangesTheConfigurationJobsHashSoTheProvisionerRunsItAgain() {
        SpaceSpec before = SpaceSpec.of("asso", "A");
        SpaceSpec after = before.withVersions(new AppVersions("32.0.1", null, null, null));
        assertThat(configHash(TenantTemplates.render(after, platform)))
                .isNotEqualTo(configHash(TenantTemplates.render(before, platform)));
    }

    @Test
    void aVersionOutsideTheCatalogueIsRefusedWithTheAllowedOnes() {
        SpaceSpec spec = SpaceSpec.of("asso", "A").withVersions(new AppVersions("99.0.0", null, null, null));
        assertThatThrownBy(() -> TenantTemplates.render(spec, platform))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workspace 99.0.0 is not an allowed version (31.0.9, 32.0.1)");
    }

    @Test
    void everyDefaultIsAnAllowedVersionAndEveryVersionHasItsImages() {
        for (String app : AppVersions.APPS) {
            assertThat(catalogue.versions(app))
                    .as(app)
                    .contains(catalogue.defaults().version(app));
            for (String version : catalogue.versions(app)) {
                assertThat(catalogue.release(app, version).images())
                        .as(app + " " + version)
                        .isNotEmpty();
            }
        }
    }

    @Test
    void knownIncompatibilitiesAreFoundFromTheWorkspacesApps() {
        AppVersions next = new AppVersions("32.0.1", null, null, null);
        SpaceSpec collabora = SpaceSpec.of("asso", "A");
        SpaceSpec onlyoffice = collabora.withOfficeSuite(OfficeSuite.ONLYOFFICE);
        assertThat(TenantTemplates.workspaceApps(collabora))
                .contains("calendar", "richdocuments")
                .doesNotContain("onlyoffice");
        assertThat(catalogue.incompatibilities(next, TenantTemplates.workspaceApps(collabora)))
                .isEmpty();
        assertThat(catalogue.incompatibilities(next, TenantTemplates.workspaceApps(onlyoffice)))
                .singleElement()
                .satisfies(found -> {
                    assertThat(found.workspaceApp()).isEqualTo("onlyoffice");
                    assertThat(found.version()).isEqualTo("32.0.1");
                    assertThat(found.reason()).contains("not been validated with Nextcloud 32");
                });
        assertThat(catalogue.incompatibilities(catalogue.defaults(), TenantTemplates.workspaceApps(onlyoffice)))
                .isEmpty();
    }

    private static List<String> images(RenderedSpace rendered, String container) {
        List<String> images = new ArrayList<>();
        for (HasMetadata object : rendered.objects()) {
            Objects.podSpec(object)
                    .ifPresent(pod -> pod.getContainers().stream()
                            .filter(c -> c.getName().equals(container))
                            .map(Container::getImage)
                            .forEach(images::add));
        }
        return images;
    }

    private static String office(RenderedSpace rendered) {
        Job job = Objects.named(rendered.objects(), Job.class, "nextcloud-configure");
        return Objects.env(job.getSpec().getTemplate().getSpec().getContainers().get(0))
                .get("OFFICE_URL");
    }

    private static String configHash(RenderedSpace rendered) {
        return Objects.named(rendered.objects(), Job.class, "nextcloud-configure")
                .getMetadata()
                .getLabels()
                .get(SpaceLabels.CONFIG_HASH);
    }
}
