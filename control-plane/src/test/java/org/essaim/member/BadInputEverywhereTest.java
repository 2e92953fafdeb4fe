package org.essaim.member;

import org.essaim.platform.DataDirectory;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, items 7 and 8: every class of bad input, to every entry point the handler mappings declare (as
 * SpaceIsolationTest discovers them), finds no 5xx, and no redirect names a forged host.
 */
@EssaimTest
class BadInputEverywhereTest extends SpaceTestSupport {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    DataDirectory dataDirectory;

    @Test
    void noClassOfBadInputGetsA5xxAnywhere() {
        String slug = fixtures.spaceWithAdmin("bad");
        BadInputEverywhere run = new BadInputEverywhere(
                port, slug, Staff.adminPassword(dataDirectory), "camille.referente", SpaceFixtures.PASSWORD);
        List<BadInputEverywhere.Endpoint> endpoints = BadInputEverywhere.endpoints(mappings);
        assertThat(endpoints).as("pages, forms and API operations").hasSizeGreaterThan(90);

        List<BadInputEverywhere.Answer> answers = run.run(endpoints, answer -> {});

        System.out.println(BadInputEverywhere.counts(answers));
        assertThat(answers)
                .filteredOn(answer -> answer.status() >= 500 || answer.status() == 0)
                .as("5xx (or no answer)")
                .isEmpty();
        assertThat(answers)
                .filteredOn(
                        answer -> answer.location() != null && answer.location().contains("evil"))
                .as("redirects naming the forged host")
                .isEmpty();
        assertThat(answers)
                .filteredOn(answer -> BadInputEverywhere.InputClass.valueOf(answer.inputClass()).filtered)
                .as("refused before any handler")
                .allSatisfy(answer -> assertThat(answer.status()).isBetween(400, 499));
    }
}
