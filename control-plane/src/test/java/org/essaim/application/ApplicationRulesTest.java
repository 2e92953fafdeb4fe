package org.essaim.application;

import org.assertj.core.groups.Tuple;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The rules an application follows before anything is stored: the same for the form and the API. */
class ApplicationRulesTest {

    private static final List<String> TEXT_FIELDS = List.of("organisationName", "purpose", "whyNotPaid", "contactName");

    private final ApplicationRules rules = new ApplicationRules(new SlugRules(new ApplicationSettings(
            Duration.ofDays(7), Duration.ofDays(30), 0, 0, 50_000, 50, List.of(), Duration.ofHours(1))));

    @Test
    void aValidApplicationComesOutTypedAndCleaned() {
        Map<String, String> form = ApplicationFixtures.validForm("amap-lyon", "Camille@Example.ORG");
        form.put("officialIdentifier", " w 751 234 567 ");
        form.put("memberCount", "1 200");
        form.put("annualBudget", "12\u202F500");
        form.put("country", "be");
        form.put("mainLanguage", "FR");

        ValidApplication valid = rules.validate(draft(form));

        assertThat(valid.officialIdentifier()).isEqualTo("W751234567");
        assertThat(valid.memberCount()).isEqualTo(1200);
        assertThat(valid.annualBudget()).isEqualTo(12_500L);
        assertThat(valid.country()).isEqualTo("BE");
        assertThat(valid.mainLanguage()).isEqualTo("fr");
        assertThat(valid.contactEmail()).isEqualTo("Camille@example.org");
        assertThat(valid.kind()).isEqualTo(OrganisationKind.ASSOCIATION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"W751234567", "123456789", "w123456789", "123 456 789"})
    void anRnaOrSirenNumberHasTheRightShape(String identifier) {
        Map<String, String> form = ApplicationFixtures.validForm("amap-lyon", "camille@example.org");
        form.put("officialIdentifier", identifier);
        assertThat(rules.validate(draft(form)).officialIdentifier()).matches("W?[0-9]{9}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "W12345678",
                "W1234567890",
                "12345678",
                "1234567890",
                "X123456789",
                "12345678901234",
                "W75123456A",
                "<b>W751234567</b>"
            })
    void anIdentifierOfAnotherShapeIsRefused(String identifier) {
        assertThat(problemsWith(Map.of("officialIdentifier", identifier)))
                .containsExactly(FieldProblem.of("officialIdentifier", "application.error.identifier"));
    }

    @ParameterizedTest
    @CsvSource({
        "memberCount, abc, input.number",
        "memberCount, 0, input.range",
        "memberCount, -3, input.range",
        "memberCount, 12.5, input.number",
        "memberCount, 99999999999, input.range",
        "annualBudget, 1e6, input.number",
        "annualBudget, '', input.required",
        "annualBudget, -1500, input.notNegative",
        "annualBudget, −5, input.notNegative",
        "country, XX, input.choice",
        "country, FRA, input.choice",
        "mainLanguage, zz, input.choice",
        "kind, COMPANY, input.choice",
        "kind, '', input.required",
        "charterAccepted, false, application.error.charter",
        "charterAccepted, '', application.error.charter",
        "contactEmail, camille@, input.email",
        "purpose, trop court, input.tooShort"
    })
    void eachBrokenRuleIsReportedOnItsField(String field, String value, String code) {
        assertThat(problemsWith(Map.of(field, value)))
                .containsExactly(FieldProblem.of(
                        field,
                        code,
                        code.equals("input.range") || code.equals("input.notNegative")
                                ? rangeArguments(field)
                                : code.equals("input.tooShort") ? new Object[] {20} : new Object[0]));
    }

    private static Object[] rangeArguments(String field) {
        return field.equals("memberCount")
                ? new Object[] {1L, (long) ApplicationRules.MAX_MEMBERS}
                : new Object[] {0L, ApplicationRules.MAX_BUDGET};
    }

    @Test
    void oversizedTextInEveryFieldIsRefusedOnThatField() {
        for (String field : TEXT_FIELDS) {
            assertThat(problemsWith(Map.of(field, "x".repeat(5000))))
                    .as(field)
                    .extracting(FieldProblem::field, FieldProblem::code)
                    .containsExactly(Tuple.tuple(field, "input.tooLong"));
        }
        assertThat(problemsWith(Map.of("slug", "x".repeat(5000))))
                .extracting(FieldProblem::code)
                .containsExactly("slug.length");
        assertThat(problemsWith(Map.of("contactEmail", "x".repeat(5000) + "@example.org")))
                .extracting(FieldProblem::code)
                .containsExactly("input.tooLong");
        assertThat(problemsWith(Map.of("memberCount", "9".repeat(5000))))
                .extracting(FieldProblem::code)
                .containsExactly("input.number");
    }

    @Test
    void scriptsAndMarkupInEveryTextFieldAreRefusedOnThatField() {
        for (String field : TEXT_FIELDS) {
            String script = "Bonjour <script>alert('" + field + "')</script> le monde, avec assez de texte.";
            assertThat(problemsWith(Map.of(field, script)))
                    .as(field)
                    .containsExactly(FieldProblem.of(field, "input.markup"));
        }
        assertThat(problemsWith(Map.of("slug", "<b>x</b>")))
                .extracting(FieldProblem::code)
                .containsExactly("slug.characters");
        assertThat(problemsWith(Map.of("contactEmail", "<script>@example.org")))
                .extracting(FieldProblem::code)
                .containsExactly("input.email");
        assertThat(problemsWith(Map.of("country", "<b>")))
                .extracting(FieldProblem::code)
                .containsExactly("input.choice");
        assertThat(problemsWith(Map.of("kind", "<b>")))
                .extracting(FieldProblem::code)
                .containsExactly("input.choice");
    }

    @Test
    void controlCharactersInEveryTextFieldAreRefusedOnThatField() {
        for (String field : TEXT_FIELDS) {
            assertThat(problemsWith(Map.of(field, "Une association\u0000 avec un nul caché dedans")))
                    .as(field)
                    .extracting(FieldProblem::code)
                    .containsExactly("input.controlCharacters");
            assertThat(problemsWith(Map.of(field, "Une association \u202Eenrevne\u202C au texte retourné")))
                    .as(field)
                    .extracting(FieldProblem::code)
                    .containsExactly("input.controlCharacters");
        }
        assertThat(problemsWith(Map.of("contactEmail", "camille@example.org\r\nBcc: all@example.org")))
                .extracting(FieldProblem::code)
                .containsExactly("input.controlCharacters");
    }

    @Test
    void everyInvalidFieldIsReportedAtOnceInTheFormsOrder() {
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("charterAccepted", "");
        broken.put("contactEmail", "nope");
        broken.put("slug", "www");
        broken.put("organisationName", "");
        broken.put("memberCount", "many");

        assertThat(problemsWith(broken))
                .extracting(FieldProblem::field)
                .containsExactly("organisationName", "memberCount", "slug", "contactEmail", "charterAccepted");
    }

    @Test
    void anEmptyDraftIsRefusedFieldByFieldNotWithAnError() {
        ApplicationDraft empty = new ApplicationDraft(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        InvalidInputException refused = catchThrowableOfType(InvalidInputException.class, () -> rules.validate(empty));
        assertThat(refused.problems())
                .extracting(FieldProblem::field)
                .containsExactly(
                        "organisationName",
                        "kind",
                        "country",
                        "mainLanguage",
                        "purpose",
                        "memberCount",
                        "annualBudget",
                        "whyNotPaid",
                        "slug",
                        "contactName",
                        "contactEmail",
                        "charterAccepted");
    }

    private List<FieldProblem> problemsWith(Map<String, String> changes) {
        Map<String, String> form = ApplicationFixtures.validForm("amap-lyon", "camille@example.org");
        form.putAll(changes);
        return catchThrowableOfType(InvalidInputException.class, () -> rules.validate(draft(form)))
                .problems();
    }

    private static ApplicationDraft draft(Map<String, String> f) {
        UnaryOperator<String> v = f::get;
        return new ApplicationDraft(
                v.apply("organisationName"),
                v.apply("kind"),
                v.apply("officialIdentifier"),
                v.apply("country"),
                v.apply("mainLanguage"),
                v.apply("purpose"),
                v.apply("memberCount"),
                v.apply("annualBudget"),
                v.apply("whyNotPaid"),
                v.apply("slug"),
                v.apply("contactName"),
                v.apply("contactEmail"),
                v.apply("charterAccepted"),
                v.apply("website"),
                v.apply("submissionKey"));
    }
}
