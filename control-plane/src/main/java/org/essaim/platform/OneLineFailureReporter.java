package org.essaim.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Reports a start-up failure as one line: what is wrong, then what to do. (Spring Boot's multi-line report is
 * silenced in application.yml; the stack trace is still logged at DEBUG for whoever needs it.)
 */
class OneLineFailureReporter implements FailureAnalysisReporter {

    private static final Logger log = LoggerFactory.getLogger("org.essaim");

    @Override
    public void report(FailureAnalysis analysis) {
        String action =
                analysis.getAction() == null ? "" : analysis.getAction().strip().replaceAll("\\s+", " ");
        String description = analysis.getDescription().strip().replaceAll("\\s+", " ");
        log.error("Essaim cannot start: {}{}", description, action.isEmpty() ? "" : " " + action);
        log.debug("Start-up failure", analysis.getCause());
    }
}
