package org.essaim.space.resource;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpaceSpecTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc",
                "asso-du-quartier",
                "a1-b2-c3",
                "velo2000",
                "forum-libre",
                "events2",
                "ab-forum1",
                "a23456789012345678901234567890"
            })
    void acceptsPlainSlugs(String slug) {
        assertThat(SpaceSlug.problems(slug)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ab",
                "Asso",
                "1asso",
                "asso-",
                "-asso",
                "as--so",
                "as_so",
                "as.so",
                "assoé",
                "asso-events",
                "asso-forum",
                "a2345678901234567890123456789012345678901",
                "a234567890123456789012345678901",
                "forum",
                "events",
                "www",
                "admin"
            })
    void refusesSlugsThatCouldCollideOrBreakANameAndSaysWhy(String slug) {
        assertThat(SpaceSlug.problems(slug))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p).startsWith("the slug"));
        assertThatThrownBy(() -> SpaceSlug.require(slug)).hasMessageContaining("Invalid slug");
    }

    @Test
    void derivesItsNames() {
        assertThat(SpaceSlug.namespace("asso-du-quartier")).isEqualTo("space-asso-du-quartier");
        assertThat(SpaceSlug.sqlIdentifier("mobilizon", "asso-du-quartier")).isEqualTo("mobilizon_asso_du_quartier");
    }

    @Test
    void aSpecWithoutOptionalFieldsGetsTheDefaultsOfTheOffer() {
        SpaceSpec spec = new KubernetesSerialization()
                .unmarshal("{\"slug\":\"asso\",\"displayName\":\"Asso\"}", SpaceSpec.class);
        assertThat(spec).isEqualTo(SpaceSpec.of("asso", "Asso"));
        assertThat(spec.quotas()).isEqualTo(new SpaceSpec.Quotas(50, 40));
        assertThat(spec.officeSuite()).isEqualTo(OfficeSuite.COLLABORA);
        assertThat(spec.services()).isEqualTo(new SpaceSpec.Services(true, true));
        assertThat(spec.language()).isEqualTo("fr");
        assertThat(spec.problems()).isEmpty();
    }

    @Test
    void listsEveryProblemOfASpec() {
        SpaceSpec spec = new SpaceSpec("Bad", " ", "de", new SpaceSpec.Quotas(0, 5000), null, null, false);
        assertThat(spec.problems()).hasSize(5);
    }

    @Test
    void statusesThatOnlyDifferInTransitionTimesAreTheSame() {
        var ready = new ConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withReason("Ready")
                .withMessage("ok")
                .withLastTransitionTime("2025-01-01T00:00:00Z")
                .build();
        var later = new ConditionBuilder(ready)
                .withLastTransitionTime("2025-02-01T00:00:00Z")
                .build();
        var failing = new ConditionBuilder(ready).withStatus("False").build();
        SpaceStatus status = new SpaceStatus(1L, List.of(ready), null, null);
        assertThat(status.sameAs(new SpaceStatus(1L, List.of(later), null, null)))
                .isTrue();
        assertThat(status.sameAs(new SpaceStatus(1L, List.of(failing), null, null)))
                .isFalse();
        assertThat(status.sameAs(new SpaceStatus(2L, List.of(ready), null, null)))
                .isFalse();
        assertThat(status.isReady()).isTrue();
    }
}
