package org.essaim.application;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.essaim.db.Tables.APPLICATION;

/**
 * Counts of applications for the staff dashboard, each one aggregate statement over an index: nothing is loaded
 * row by row, so the cost stays flat at 100,000 applications ({@code benchmarks/dashboard.sh}).
 */
@Service
public class ApplicationStatistics {

    private final DSLContext db;
    private final Clock clock;
    private final ApplicationSettings settings;

    ApplicationStatistics(DSLContext db, Clock clock, ApplicationSettings settings) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
    }

    /** What an application counts as: its outcome, or pending while unconfirmed or in review. */
    public enum Outcome {
        APPROVED,
        REJECTED,
        DEFERRED,
        WITHDRAWN,
        EXPIRED,
        PENDING;

        static Outcome of(ApplicationState state) {
            return switch (state) {
                case UNCONFIRMED, IN_REVIEW -> PENDING;
                case APPROVED -> APPROVED;
                case REJECTED -> REJECTED;
                case DEFERRED -> DEFERRED;
                case WITHDRAWN -> WITHDRAWN;
                case EXPIRED -> EXPIRED;
            };
        }
    }

    /** The applications submitted in one week (Monday 00:00 to Sunday, UTC), by outcome so far. */
    public record Week(LocalDate monday, Map<Outcome, Long> counts) {

        public Week {
            Map<Outcome, Long> all = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                all.put(outcome, counts.getOrDefault(outcome, 0L));
            }
            counts = Collections.unmodifiableMap(all);
        }

        public long count(Outcome outcome) {
            return counts.get(outcome);
        }

        public long total() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The last {@code weeks} weeks, this one included, oldest first; weeks with no application are there too. */
    public List<Week> perWeek(int weeks) {
        LocalDate thisMonday = OffsetDateTime.now(clock)
                .withOffsetSameInstant(ZoneOffset.UTC)
                .toLocalDate()
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate first = thisMonday.minusWeeks(weeks - 1L);
        Field<LocalDateTime> week = DSL.field(
                "date_trunc('week', {0} at time zone 'UTC')", SQLDataType.LOCALDATETIME, APPLICATION.SUBMITTED_AT);
        Map<LocalDate, Map<Outcome, Long>> counts = new LinkedHashMap<>();
        for (int i = 0; i < weeks; i++) {
            counts.put(first.plusWeeks(i), new EnumMap<>(Outcome.class));
        }
        db.select(week, APPLICATION.STATE, DSL.count())
                .from(APPLICATION)
                .where(APPLICATION.SUBMITTED_AT.ge(first.atStartOfDay().atOffset(ZoneOffset.UTC)))
                .groupBy(week, APPLICATION.STATE)
                .forEach(r -> {
                    Map<Outcome, Long> ofWeek = counts.get(r.value1().toLocalDate());
                    if (ofWeek != null) {
                        ofWeek.merge(Outcome.of(r.value2()), (long) r.value3(), Long::sum);
                    }
                });
        List<Week> result = new ArrayList<>();
        counts.forEach((monday, ofWeek) -> result.add(new Week(monday, ofWeek)));
        return result;
    }

    /**
     * The review queue and how decisions kept to the review target.
     *
     * @param waiting        applications in review by how long they have waited: {@code waiting[i]} for at least
     *                       {@code bounds[i-1]} (0 for the first) and less than {@code bounds[i]}; the last one for
     *                       {@code bounds[last]} or more
     * @param decidedOnTime  decisions of the window taken by the application's due date
     * @param decidedLate    decisions of the window taken after it
     * @param reviewTarget   the review target these are measured against
     */
    public record ReviewTimes(List<Long> waiting, long decidedOnTime, long decidedLate, Duration reviewTarget) {

        public ReviewTimes {
            waiting = List.copyOf(waiting);
        }
    }

    /**
     * How long applications in review have waited, in the ranges cut by {@code bounds} (ascending), counted from
     * the start of their current review (confirmation, or the campaign that put a deferred one back); and of the
     * decisions taken in the last {@code window}, how many were taken within the review target.
     */
    public ReviewTimes reviewTimes(List<Duration> bounds, Duration window) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Duration target = settings.reviewTarget();
        // An application that has waited for d is due at now + target - d.
        OffsetDateTime dueIfJustStarted = now.plus(target);
        List<Field<Integer>> ranges = new ArrayList<>();
        for (int i = 0; i <= bounds.size(); i++) {
            Condition range = DSL.noCondition();
            if (i > 0) {
                range = range.and(APPLICATION.REVIEW_DUE_AT.le(dueIfJustStarted.minus(bounds.get(i - 1))));
            }
            if (i < bounds.size()) {
                range = range.and(APPLICATION.REVIEW_DUE_AT.gt(dueIfJustStarted.minus(bounds.get(i))));
            }
            ranges.add(DSL.count().filterWhere(range));
        }
        Record waiting = db.select(ranges)
                .from(APPLICATION)
                .where(APPLICATION.STATE.eq(ApplicationState.IN_REVIEW))
                .fetchSingle();
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            counts.add(waiting.get(i, Long.class));
        }
        var decided = db.select(
                        DSL.count().filterWhere(APPLICATION.DECIDED_AT.le(APPLICATION.REVIEW_DUE_AT)),
                        DSL.count().filterWhere(APPLICATION.DECIDED_AT.gt(APPLICATION.REVIEW_DUE_AT)))
                .from(APPLICATION)
                .where(APPLICATION.DECIDED_AT.ge(now.minus(window)))
                .fetchSingle();
        return new ReviewTimes(counts, decided.value1(), decided.value2(), target);
    }
}
