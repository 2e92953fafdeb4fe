package org.essaim.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule for everything people type. */
class PlainTextTest {

    @Test
    void trimsAndKeepsOrdinaryTextIncludingSymbolsThatAreNotMarkup() {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(PlainText.line("f", "  Café & \"Co\" <3 a < b ", true, 1, 100, problems))
                .isEqualTo("Café & \"Co\" <3 a < b");
        assertThat(problems).isEmpty();
    }

    @Test
    void putsTextInNfcSoThatAccentsCountAsOneCharacter() {
        List<FieldProblem> problems = new ArrayList<>();
        String decomposed = "Cafe\u0301";
        assertThat(PlainText.line("f", decomposed, true, 1, 4, problems)).isEqualTo("Café");
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<script>alert(1)</script>",
                "<b>gras</b>",
                "x <img src=x onerror=alert(1)>",
                "</p>",
                "<!-- hidden -->",
                "<?xml?>",
                "<svg/onload=alert(1)>"
            })
    void refusesMarkup(String text) {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(PlainText.line("f", text, true, 1, 100, problems)).isNull();
        assertThat(problems).extracting(FieldProblem::code).containsExactly("input.markup");
        problems.clear();
        assertThat(PlainText.paragraph("f", "Line one\n" + text, true, 1, 100, problems))
                .isNull();
        assertThat(problems).extracting(FieldProblem::code).containsExactly("input.markup");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a\u0000b",
                "a\u0007b",
                "a\u001Bb",
                "a\u007Fb",
                "a\u0085b",
                "a\u202Eb",
                "a\u2066b",
                "a\u200Fb",
                "a\u2028b",
                "a\uFEFFb",
                "a\nb",
                "a\tb"
            })
    void refusesControlCharactersInALine(String text) {
        assertThat(problems(text, false)).extracting(FieldProblem::code).containsExactly("input.controlCharacters");
    }

    @Test
    void aParagraphKeepsLineBreaksAndTabsButNoOtherControl() {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(PlainText.paragraph("f", "one\r\ntwo\n\tthree", true, 1, 100, problems))
                .isEqualTo("one\ntwo\n\tthree");
        assertThat(problems).isEmpty();
        assertThat(problems("one\u0000two", true))
                .extracting(FieldProblem::code)
                .containsExactly("input.controlCharacters");
    }

    @Test
    void lengthIsCountedInCharactersAfterTrimming() {
        assertThat(problems("x".repeat(11), false))
                .extracting(FieldProblem::code)
                .containsExactly("input.tooLong");
        assertThat(problems("🐝".repeat(10), false))
                .as("ten bees are ten characters")
                .isEmpty();
        assertThat(problems(" a ", false)).extracting(FieldProblem::code).containsExactly("input.tooShort");
        assertThat(problems("   ", false)).extracting(FieldProblem::code).containsExactly("input.required");
        assertThat(problems("x".repeat(1_000_000), false))
                .extracting(FieldProblem::code)
                .containsExactly("input.tooLong");
    }

    private static List<FieldProblem> problems(String text, boolean multiline) {
        List<FieldProblem> problems = new ArrayList<>();
        String value = multiline
                ? PlainText.paragraph("f", text, true, 2, 10, problems)
                : PlainText.line("f", text, true, 2, 10, problems);
        assertThat(value == null).isEqualTo(!problems.isEmpty());
        return problems;
    }
}
