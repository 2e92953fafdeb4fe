package org.essaim.testsupport;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Evaluates {@link RequiresProgram}: see there for the rules. */
public final class RequiresProgramCondition implements ExecutionCondition {

    private static final Map<String, String> DEBIAN_PACKAGES = Map.of(
            "slapd", "slapd ldap-utils",
            "slapadd", "slapd",
            "slapcat", "slapd",
            "slappasswd", "slapd",
            "ldapsearch", "ldap-utils",
            "ldapmodify", "ldap-utils",
            "chromium", "chromium",
            "chromedriver", "chromium-driver");

    private final Function<String, Optional<Path>> programs;
    private final UnaryOperator<String> environment;

    public RequiresProgramCondition() {
        this(InstalledProgram::find, System::getenv);
    }

    /** For testing the condition itself, with a made-up machine. */
    RequiresProgramCondition(Function<String, Optional<Path>> programs, UnaryOperator<String> environment) {
        this.programs = programs;
        this.environment = environment;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getElement(), RequiresProgram.class)
                .map(this::evaluate)
                .orElseGet(() -> ConditionEvaluationResult.enabled("no program required"));
    }

    ConditionEvaluationResult evaluate(RequiresProgram requirement) {
        List<String> missing = Arrays.stream(requirement.value())
                .filter(program -> programs.apply(program).isEmpty())
                .toList();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled(String.join(", ", requirement.value()) + " installed");
        }
        String names = String.join(", ", missing);
        if ("true".equals(environment.apply("CI"))) {
            return ConditionEvaluationResult.enabled(names + " not installed, but CI=true: running so that it fails");
        }
        return ConditionEvaluationResult.disabled(
                names + " not installed (apt-get install " + packages(requirement, missing) + "); runs under CI=true");
    }

    private static String packages(RequiresProgram requirement, List<String> missing) {
        if (requirement.packages().length > 0) {
            return String.join(" ", requirement.packages());
        }
        Set<String> packages = new LinkedHashSet<>();
        for (String program : missing) {
            String name = Path.of(program).getFileName().toString();
            packages.addAll(
                    Arrays.asList(DEBIAN_PACKAGES.getOrDefault(name, name).split(" ")));
        }
        return String.join(" ", packages);
    }
}
