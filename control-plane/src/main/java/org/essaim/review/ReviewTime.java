package org.essaim.review;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Time left on the review target in whole days rounded up (just confirmed: 30 days left; 0 means less than a day
 * left), or how late it is in whole days rounded down (0: late by less than a day).
 */
public record ReviewTime(long days, boolean overdue) {

    static ReviewTime until(OffsetDateTime due, OffsetDateTime now) {
        if (due == null) {
            return null;
        }
        Duration left = Duration.between(now, due);
        if (!left.isNegative()) {
            return new ReviewTime(left.compareTo(Duration.ofDays(1)) < 0 ? 0 : daysRoundedUp(left), false);
        }
        return new ReviewTime(left.negated().toDays(), true);
    }

    private static long daysRoundedUp(Duration duration) {
        long days = duration.toDays();
        return duration.equals(Duration.ofDays(days)) ? days : days + 1;
    }
}
