package org.essaim.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmailAddressTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "camille@example.org",
                "c.martin+essaim@asso.example.fr",
                "o'brien@example.ie",
                "x@xn--caf-dma.fr",
                "A_B-c@sub.example.co.uk"
            })
    void acceptsOrdinaryAddresses(String address) {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(EmailAddress.check("email", address, problems)).isNotNull();
        assertThat(problems).isEmpty();
    }

    @Test
    void lowersTheDomainOnly() {
        assertThat(EmailAddress.check("email", " Camille@Example.ORG ", new ArrayList<>()))
                .isEqualTo("Camille@example.org");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "camille",
                "camille@",
                "@example.org",
                "camille@@example.org",
                "camille@example",
                "camille@example.o",
                "camille@-example.org",
                "camille@example..org",
                ".camille@example.org",
                "cam..ille@example.org",
                "camille@exa mple.org",
                "<script>@example.org",
                "camille@example.org>",
                "\"quoted\"@example.org",
                "camille@café.fr",
                "camille@example.org\r\nBcc: x@example.org",
                "a@b@c.org"
            })
    void refusesMalformedAddresses(String address) {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(EmailAddress.check("email", address, problems)).isNull();
        assertThat(problems)
                .singleElement()
                .extracting(FieldProblem::code)
                .isIn("input.email", "input.controlCharacters");
    }

    @Test
    void refusesOversizedAddresses() {
        List<FieldProblem> problems = new ArrayList<>();
        EmailAddress.check("email", "a".repeat(250) + "@example.org", problems);
        assertThat(problems).extracting(FieldProblem::code).containsExactly("input.tooLong");
    }
}
