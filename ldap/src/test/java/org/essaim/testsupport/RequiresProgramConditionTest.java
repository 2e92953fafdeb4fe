package org.essaim.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RequiresProgramConditionTest {

    @RequiresProgram("slapd")
    private static final class NeedsSlapd {}

    @RequiresProgram({"chromium", "chromedriver"})
    private static final class NeedsABrowser {}

    @RequiresProgram(value = "/opt/tool/bin/tool", packages = "tool-package")
    private static final class NeedsATool {}

    @Test
    void runsWhenTheProgramIsInstalled() {
        ConditionEvaluationResult result = condition(Set.of("slapd"), Map.of()).evaluate(requirement(NeedsSlapd.class));

        assertThat(result.isDisabled()).isFalse();
    }

    @Test
    void skipsWithTheInstallCommandWhenTheProgramIsMissing() {
        ConditionEvaluationResult result = condition(Set.of(), Map.of()).evaluate(requirement(NeedsSlapd.class));

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason().orElseThrow())
                .contains("slapd not installed (apt-get install slapd ldap-utils); runs under CI=true");
    }

    @Test
    void runsAnywayUnderCiSoThatAMissingProgramFailsLoudly() {
        ConditionEvaluationResult result =
                condition(Set.of(), Map.of("CI", "true")).evaluate(requirement(NeedsSlapd.class));

        assertThat(result.isDisabled()).isFalse();
    }

    @Test
    void onlyTheExactValueTrueCountsAsCi() {
        ConditionEvaluationResult result =
                condition(Set.of(), Map.of("CI", "false")).evaluate(requirement(NeedsSlapd.class));

        assertThat(result.isDisabled()).isTrue();
    }

    @Test
    void namesOnlyTheMissingProgramsAndTheirPackages() {
        ConditionEvaluationResult result =
                condition(Set.of("chromium"), Map.of()).evaluate(requirement(NeedsABrowser.class));

        assertThat(result.isDisabled()).isTrue();
        assertThat(result.getReason().orElseThrow())
                .contains("chromedriver not installed (apt-get install chromium-driver)")
                .doesNotContain("chromium,");
    }

    @Test
    void usesTheGivenPackagesForAProgramItDoesNotKnow() {
        ConditionEvaluationResult result = condition(Set.of(), Map.of()).evaluate(requirement(NeedsATool.class));

        assertThat(result.getReason().orElseThrow())
                .contains("/opt/tool/bin/tool not installed (apt-get install tool-package)");
    }

    @Test
    void findsProgramsByNameOrAbsolutePath(@TempDir Path directory) throws IOException {
        Path notExecutable = Files.writeString(directory.resolve("notes"), "#!/bin/sh\n");

        assertThat(InstalledProgram.find("sh")).isPresent();
        assertThat(InstalledProgram.find("/bin/sh")).contains(Path.of("/bin/sh"));
        assertThat(InstalledProgram.find(notExecutable.toString())).isEmpty();
        assertThat(InstalledProgram.find("essaim-no-such-program")).isEmpty();
    }

    private static RequiresProgramCondition condition(Set<String> installed, Map<String, String> environment) {
        return new RequiresProgramCondition(
                program -> installed.contains(program) ? Optional.of(Path.of("/usr/bin", program)) : Optional.empty(),
                environment::get);
    }

    private static RequiresProgram requirement(Class<?> annotated) {
        return annotated.getAnnotation(RequiresProgram.class);
    }
}
