package org.essaim.application;

import org.essaim.web.FieldProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shape of a desired address, and why each refused one is refused. */
class SlugRulesTest {

    private final SlugRules rules = new SlugRules(new ApplicationSettings(
            Duration.ofDays(7), Duration.ofDays(30), 0, 0, 50_000, 50, List.of("Essaim-Fr"), Duration.ofHours(1)));

    @ParameterizedTest
    @ValueSource(strings = {"amap", "les-amis-du-jardin", "a1b", "a123", "x-y-z", "abcdefghijklmnopqrstuvwxyz1234"})
    void acceptsLowercaseLettersDigitsAndInnerHyphensFrom3To30(String slug) {
        assertThat(check(slug)).as(slug).isEmpty();
    }

    @Test
    void surroundingSpacesAndCapitalLettersAToZAreNormalised() {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(rules.check("slug", "  Les-Amis ", problems)).isEqualTo("les-amis");
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "ab, slug.length",
        "1jardin, slug.startsWithLetter",
        "123, slug.startsWithLetter",
        "abcdefghijklmnopqrstuvwxyz12345, slug.length",
        "-amap, slug.hyphenAtEdge",
        "amap-, slug.hyphenAtEdge",
        "xn--amap, slug.doubleHyphen",
        "am--ap, slug.doubleHyphen",
        "am_ap, slug.characters",
        "am.ap, slug.characters",
        "am ap, slug.characters",
        "'<script>', slug.characters",
        "www, slug.reserved",
        "admin, slug.reserved",
        "api, slug.reserved",
        "mail, slug.reserved",
        "forum, slug.reserved",
        "events, slug.reserved",
        "essaim-fr, slug.reserved",
        "amap-events, slug.reservedSuffix",
        "amap-forum, slug.reservedSuffix",
        "'', input.required"
    })
    void refusesWithTheReason(String slug, String code) {
        assertThat(check(slug)).extracting(FieldProblem::code).containsExactly(code);
    }

    @Test
    void aCyrillicLookAlikeIsNamedAndItsLatinTwinSuggested() {
        // "аmap" with U+0430 CYRILLIC SMALL LETTER A: it reads as "amap" and is not.
        List<FieldProblem> problems = check("\u0430map");

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo("slug.lookalike");
            assertThat(problem.arguments()).containsExactly("\u0430", "CYRILLIC SMALL LETTER A, U+0430", "a");
        });
    }

    @ParameterizedTest
    @CsvSource({
        "'ex\u0430mple', a", // Cyrillic a
        "'c\u03BFop', o", // Greek omicron
        "'\u0410MAP', a", // Cyrillic capital A
        "'\uFF41map', a", // fullwidth a
        "'amap\u2010lyon', -", // Unicode hyphen
        "'\u0455olidaire', s" // Cyrillic dze
    })
    void everyKindOfLookAlikeIsRefusedAsOne(String slug, String looksLike) {
        assertThat(check(slug)).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo("slug.lookalike");
            assertThat(problem.arguments().get(2)).isEqualTo(looksLike);
        });
    }

    @Test
    void anAccentedLetterIsRefusedWithItsPlainLetter() {
        assertThat(check("café")).singleElement().satisfies(problem -> {
            assertThat(problem.code()).isEqualTo("slug.accent");
            assertThat(problem.arguments()).containsExactly("é", "e");
        });
    }

    @Test
    void otherScriptsAndSymbolsAreRefusedAsCharacters() {
        assertThat(check("日本語")).extracting(FieldProblem::code).containsExactly("slug.characters");
        assertThat(check("amap\u0000")).extracting(FieldProblem::code).containsExactly("slug.characters");
        assertThat(check("a🐝b")).extracting(FieldProblem::code).containsExactly("slug.characters");
    }

    private List<FieldProblem> check(String slug) {
        List<FieldProblem> problems = new ArrayList<>();
        String result = rules.check("slug", slug, problems);
        assertThat(result == null)
                .as("a slug is returned exactly when it is valid")
                .isEqualTo(!problems.isEmpty());
        return problems;
    }
}
