package org.essaim.dashboard;

import org.essaim.application.ApplicationSettings;
import org.essaim.application.ApplicationStatistics;
import org.essaim.space.SpaceCounts;
import org.essaim.space.SpaceState;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The numbers behind the staff dashboard's pictures, gathered from the features that own them. */
@Service
class Dashboard {

    /** Decisions are measured against the review target over this window. */
    static final Duration DECISION_WINDOW = Duration.ofDays(365);

    private final SpaceCounts spaces;
    private final ApplicationStatistics applications;
    private final DashboardSettings settings;
    private final ApplicationSettings applicationSettings;

    Dashboard(
            SpaceCounts spaces,
            ApplicationStatistics applications,
            DashboardSettings settings,
            ApplicationSettings applicationSettings) {
        this.spaces = spaces;
        this.applications = applications;
        this.settings = settings;
        this.applicationSettings = applicationSettings;
    }

    /** Spaces per state, and how many are hosted (all but erased ones) of the capacity target. */
    record Spaces(Map<SpaceState, Long> byState, long capacityTarget) {

        public long hosted() {
            return byState.entrySet().stream()
                    .filter(e -> e.getKey() != SpaceState.ERASED)
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }

        public long percentOfTarget() {
            return hosted() * 100 / capacityTarget;
        }
    }

    /** One range of time waited in the review queue, in days; {@code toDays} null for the open-ended last one. */
    record AgeRange(long fromDays, Long toDays, long count, boolean pastTarget) {}

    record Queue(List<AgeRange> ranges, long decidedOnTime, long decidedLate, long targetDays, long windowDays) {

        public long waiting() {
            return ranges.stream().mapToLong(AgeRange::count).sum();
        }

        public long waitingPastTarget() {
            return ranges.stream()
                    .filter(AgeRange::pastTarget)
                    .mapToLong(AgeRange::count)
                    .sum();
        }

        public long decided() {
            return decidedOnTime + decidedLate;
        }

        /** Whole percent decided within the target, rounded down; null when nothing was decided. */
        public Long onTimePercent() {
            return decided() == 0 ? null : decidedOnTime * 100 / decided();
        }
    }

    Spaces spaces() {
        return new Spaces(spaces.byState(), settings.capacityTarget());
    }

    Queue queue() {
        List<Duration> bounds = ageBounds(applicationSettings.reviewTarget());
        ApplicationStatistics.ReviewTimes times = applications.reviewTimes(bounds, DECISION_WINDOW);
        Duration target = times.reviewTarget();
        List<AgeRange> ranges = new ArrayList<>();
        for (int i = 0; i < times.waiting().size(); i++) {
            Duration from = i == 0 ? Duration.ZERO : bounds.get(i - 1);
            Long to = i < bounds.size() ? bounds.get(i).toDays() : null;
            ranges.add(new AgeRange(from.toDays(), to, times.waiting().get(i), from.compareTo(target) >= 0));
        }
        return new Queue(ranges, times.decidedOnTime(), times.decidedLate(), target.toDays(), DECISION_WINDOW.toDays());
    }

    List<ApplicationStatistics.Week> weeks() {
        return applications.perWeek(settings.weeks());
    }

    /**
     * Where the queue's ranges are cut: every week while a whole week still fits before the target, then the
     * target, then twice the target (30 days: 7, 14, 21, 30, 60).
     */
    static List<Duration> ageBounds(Duration target) {
        List<Duration> bounds = new ArrayList<>();
        Duration week = Duration.ofDays(7);
        for (Duration bound = week; bound.compareTo(target.minus(week)) <= 0; bound = bound.plus(week)) {
            bounds.add(bound);
        }
        bounds.add(target);
        bounds.add(target.multipliedBy(2));
        return bounds;
    }
}
