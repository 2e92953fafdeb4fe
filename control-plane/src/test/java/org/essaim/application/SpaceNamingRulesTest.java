package org.essaim.application;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.essaim.space.resource.SpaceSlug;
import org.essaim.web.FieldProblem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One set of naming rules everywhere: for a corpus of good and bad names, the application form (and the REST API,
 * which uses the same {@link SlugRules}), {@link SpaceSlug} (the provisioner, the review's flag and the approval) and
 * the Space CRD's own schema (its pattern, lengths and CEL rules, read from both shipped copies) give the same verdict.
 * A name the form accepts and the CRD refuses would leave an approved space pending for ever.
 */
class SpaceNamingRulesTest {

    private static final List<Path> CRDS =
            List.of(Path.of("../provisioner/deploy/space-crd.yaml"), Path.of("deploy/helm/essaim/crds/space-crd.yaml"));
    private static final Pattern ENDS_WITH = Pattern.compile("!self\\.endsWith\\('([^']+)'\\)");
    private static final Pattern IN_LIST = Pattern.compile("^!\\(self in \\[(.*)\\]\\)$");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    private final SlugRules form = new SlugRules(new ApplicationSettings(
            Duration.ofDays(7), Duration.ofDays(30), 0, 0, 50_000, 50, List.of(), Duration.ofHours(1)));

    @ParameterizedTest
    @ValueSource(
            strings = {
                "jardins",
                "asso-du-quartier",
                "a12",
                "ab-3c",
                "abc",
                "abcdefghijklmnopqrstuvwxyz1234",
                "events-du-quartier",
                "forum-libre",
                "eventsx",
                "jardin-event",
                "wwwx",
                "admin2",
                "amap-44"
            })
    void goodNamesAreAcceptedEverywhere(String name) throws IOException {
        assertThat(SpaceSlug.isValid(name)).as("SpaceSlug accepts " + name).isTrue();
        assertThat(formAccepts(name)).as("the form accepts " + name).isTrue();
        for (Path crd : CRDS) {
            assertThat(crdAccepts(crd, name)).as(crd + " accepts " + name).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1jardin",
                "123",
                "9-abc",
                "ab",
                "abcdefghijklmnopqrstuvwxyz12345",
                "jardin-",
                "-jardin",
                "a--b",
                "xn--jardin",
                "jar_din",
                "jar.din",
                "jar din",
                "jardín",
                "www",
                "admin",
                "forum",
                "events",
                "api",
                "mail",
                "essaim",
                "jardin-events",
                "jardin-forum",
                "a-b-events",
                "ab-forum"
            })
    void badNamesAreRefusedEverywhere(String name) throws IOException {
        assertThat(SpaceSlug.isValid(name)).as("SpaceSlug refuses " + name).isFalse();
        assertThat(formAccepts(name)).as("the form refuses " + name).isFalse();
        for (Path crd : CRDS) {
            assertThat(crdAccepts(crd, name)).as(crd + " refuses " + name).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../provisioner/deploy/space-crd.yaml", "deploy/helm/essaim/crds/space-crd.yaml"})
    void theCrdReservesExactlyTheWordsAndSuffixesSpaceSlugReserves(String file) throws IOException {
        JSONSchemaProps slug = slugSchema(Path.of(file));
        assertThat(slug.getMinLength()).isEqualTo((long) SpaceSlug.MIN_LENGTH);
        assertThat(slug.getMaxLength()).isEqualTo((long) SpaceSlug.MAX_LENGTH);
        assertThat(slug.getPattern()).isEqualTo(SpaceSlug.PATTERN);
        Set<String> words = new HashSet<>();
        Set<String> suffixes = new HashSet<>();
        for (ValidationRule rule : slug.getXKubernetesValidations()) {
            Matcher list = IN_LIST.matcher(rule.getRule());
            if (list.matches()) {
                QUOTED.matcher(list.group(1)).results().forEach(m -> words.add(m.group(1)));
            }
            ENDS_WITH.matcher(rule.getRule()).results().forEach(m -> suffixes.add(m.group(1)));
        }
        assertThat(words).isEqualTo(SpaceSlug.RESERVED);
        assertThat(suffixes).containsExactlyInAnyOrderElementsOf(SpaceSlug.RESERVED_SUFFIXES);
    }

    private boolean formAccepts(String name) {
        List<FieldProblem> problems = new ArrayList<>();
        String slug = form.check("slug", name, problems);
        return slug != null && problems.isEmpty();
    }

    /**
     * The verdict of the CRD's schema for spec.slug on create: lengths, the pattern (a plain regular expression,
     * read the same by ECMA-262 and Java) and each CEL rule, of the shapes the CRD uses; an unknown rule fails.
     */
    private static boolean crdAccepts(Path crd, String name) throws IOException {
        JSONSchemaProps slug = slugSchema(crd);
        boolean ok = name.length() >= slug.getMinLength()
                && name.length() <= slug.getMaxLength()
                && Pattern.compile(slug.getPattern()).matcher(name).find();
        for (ValidationRule rule : slug.getXKubernetesValidations()) {
            ok &= cel(rule.getRule()).test(name);
        }
        return ok;
    }

    private static Predicate<String> cel(String rule) {
        if (rule.equals("self == oldSelf")) {
            return name -> true; // a transition rule: not evaluated on create
        }
        Matcher list = IN_LIST.matcher(rule);
        if (list.matches()) {
            Set<String> words =
                    QUOTED.matcher(list.group(1)).results().map(m -> m.group(1)).collect(Collectors.toSet());
            return name -> !words.contains(name);
        }
        List<String> suffixes =
                ENDS_WITH.matcher(rule).results().map(m -> m.group(1)).toList();
        String rebuilt =
                suffixes.stream().map(s -> "!self.endsWith('" + s + "')").collect(Collectors.joining(" && "));
        assertThat(rebuilt).as("a CEL rule this test can read: " + rule).isEqualTo(rule);
        return name -> suffixes.stream().noneMatch(name::endsWith);
    }

    private static JSONSchemaProps slugSchema(Path crd) throws IOException {
        CustomResourceDefinition definition =
                Serialization.unmarshal(Files.readString(crd), CustomResourceDefinition.class);
        return definition
                .getSpec()
                .getVersions()
                .getFirst()
                .getSchema()
                .getOpenAPIV3Schema()
                .getProperties()
                .get("spec")
                .getProperties()
                .get("slug");
    }
}
