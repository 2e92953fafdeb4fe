package org.essaim.review;

import org.essaim.application.ApplicationState;
import org.essaim.application.QueueCursor;
import org.essaim.application.QueueQuery;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The queue's filters as they arrive in a query string (pages and API alike). {@code state} defaults to
 * {@code IN_REVIEW}, the queue proper; {@code ALL} shows every confirmed application.
 */
record QueueParameters(
        String state,
        String campaign,
        String flag,
        String assignee,
        String q,
        String after,
        String before,
        String limit) {

    static final int DEFAULT_LIMIT = 25;
    static final String ALL = "ALL";

    QueueQuery toQuery() {
        List<FieldProblem> problems = new ArrayList<>();
        ApplicationState parsedState = ApplicationState.IN_REVIEW;
        if (state != null && !state.isBlank()) {
            String wanted = state.strip().toUpperCase(Locale.ROOT);
            if (ALL.equals(wanted)) {
                parsedState = null;
            } else {
                try {
                    parsedState = ApplicationState.valueOf(wanted);
                } catch (IllegalArgumentException e) {
                    problems.add(FieldProblem.of("state", "input.choice"));
                }
            }
        }
        Long campaignId = null;
        if (campaign != null && !campaign.isBlank()) {
            if (campaign.strip().matches("[0-9]{1,18}")) {
                campaignId = Long.parseLong(campaign.strip());
            } else {
                problems.add(FieldProblem.of("campaign", "input.number"));
            }
        }
        String parsedFlag = null;
        if (flag != null && !flag.isBlank()) {
            String wanted = flag.strip().toUpperCase(Locale.ROOT);
            if (wanted.equals(QueueQuery.ANY) || wanted.equals(QueueQuery.NONE) || isFlag(wanted)) {
                parsedFlag = wanted;
            } else {
                problems.add(FieldProblem.of("flag", "input.choice"));
            }
        }
        String parsedAssignee = null;
        if (assignee != null && !assignee.isBlank()) {
            String wanted = assignee.strip();
            if (wanted.equalsIgnoreCase(QueueQuery.NONE)) {
                parsedAssignee = QueueQuery.NONE;
            } else if (wanted.length() <= 64 && wanted.matches("[a-z0-9][a-z0-9._-]*")) {
                parsedAssignee = wanted;
            } else {
                problems.add(FieldProblem.of("assignee", "input.choice"));
            }
        }
        String text = null;
        if (q != null && !q.isBlank()) {
            text = q.strip();
            if (text.length() > 200) {
                problems.add(FieldProblem.of("q", "input.tooLong", 200));
            }
        }
        QueueCursor afterCursor = cursor("after", after, problems);
        QueueCursor beforeCursor = cursor("before", before, problems);
        int parsedLimit = DEFAULT_LIMIT;
        if (limit != null && !limit.isBlank()) {
            if (limit.strip().matches("[0-9]{1,3}")
                    && Integer.parseInt(limit.strip()) >= 1
                    && Integer.parseInt(limit.strip()) <= QueueQuery.MAX_LIMIT) {
                parsedLimit = Integer.parseInt(limit.strip());
            } else {
                problems.add(FieldProblem.of("limit", "input.range", 1, QueueQuery.MAX_LIMIT));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new QueueQuery(
                parsedState, campaignId, parsedFlag, parsedAssignee, text, afterCursor, beforeCursor, parsedLimit);
    }

    private static boolean isFlag(String name) {
        for (Flag flag : Flag.values()) {
            if (flag.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static QueueCursor cursor(String field, String value, List<FieldProblem> problems) {
        try {
            return QueueCursor.parse(value).orElse(null);
        } catch (IllegalArgumentException e) {
            problems.add(FieldProblem.of(field, "input.cursor"));
            return null;
        }
    }
}
