package org.essaim.dashboard;

import org.essaim.application.ApplicationStatistics;
import org.essaim.application.ApplicationStatistics.Outcome;
import org.essaim.space.SpaceState;
import org.essaim.upgrade.RolloutViews;
import org.essaim.usage.StorageUsage;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The staff dashboard: one section per picture, each drawn here as inline SVG in the reader's language, with its
 * numbers in a table beside it. More pictures join as more sections of {@code staff/dashboard.html}.
 */
@Controller
class DashboardPage {

    static final String VIEW = "staff/dashboard";

    static final Map<SpaceState, String> STATE_COLOURS = Map.of(
            SpaceState.PENDING,
            "#8d82a3",
            SpaceState.PROVISIONING,
            "#9a6b00",
            SpaceState.READY,
            "#1e6b2e",
            SpaceState.SUSPENDED,
            "#55505e",
            SpaceState.DELETING,
            "#a4161a",
            SpaceState.ERASED,
            "#bdb6c8");
    static final Map<Outcome, String> OUTCOME_COLOURS = Map.of(
            Outcome.APPROVED,
            "#1e6b2e",
            Outcome.REJECTED,
            "#a4161a",
            Outcome.DEFERRED,
            "#9a6b00",
            Outcome.WITHDRAWN,
            "#55505e",
            Outcome.EXPIRED,
            "#8d82a3",
            Outcome.PENDING,
            "#5a2f8f");
    private static final String WITHIN_TARGET = "#5a2f8f";
    private static final String PAST_TARGET = "#a4161a";

    private final Dashboard dashboard;
    private final StorageUsage storageUsage;
    private final RolloutViews rollouts;
    private final MessageSource messages;

    DashboardPage(Dashboard dashboard, StorageUsage storageUsage, RolloutViews rollouts, MessageSource messages) {
        this.dashboard = dashboard;
        this.storageUsage = storageUsage;
        this.rollouts = rollouts;
        this.messages = messages;
    }

    @GetMapping("/staff/dashboard")
    String show(Model model, Locale locale) {
        Text text = new Text(messages, locale);
        Dashboard.Spaces spaces = dashboard.spaces();
        Dashboard.Queue queue = dashboard.queue();
        List<ApplicationStatistics.Week> weeks = dashboard.weeks();
        model.addAttribute("spaces", spaces);
        model.addAttribute("spaceStates", SpaceState.values());
        model.addAttribute("spacesByStatePicture", spacesByState(spaces, text));
        model.addAttribute("capacityPicture", capacity(spaces, text));
        model.addAttribute("queue", queue);
        model.addAttribute("queueAgesPicture", queueAges(queue, text));
        model.addAttribute("decisionsPicture", decisions(queue, text));
        model.addAttribute("weeks", weeks);
        model.addAttribute("outcomes", Outcome.values());
        model.addAttribute("weeksPicture", perWeek(weeks, text));
        model.addAttribute("storageHistogram", storageUsage.histogram());
        model.addAttribute("upgradeWaves", rollouts.inFlight());
        return VIEW;
    }

    private static String spacesByState(Dashboard.Spaces spaces, Text text) {
        List<SvgChart.Series> series = Arrays.stream(SpaceState.values())
                .map(state -> new SvgChart.Series(
                        state.name(), text.get("dashboard.spaceState." + state.name()), STATE_COLOURS.get(state)))
                .toList();
        List<SvgChart.Column> columns = new ArrayList<>();
        for (SpaceState state : SpaceState.values()) {
            List<Long> values = Arrays.stream(SpaceState.values())
                    .map(other -> other == state ? spaces.byState().get(state) : 0L)
                    .toList();
            String label = text.get("dashboard.spaceState." + state.name());
            columns.add(new SvgChart.Column(label, label, values));
        }
        String counts = Arrays.stream(SpaceState.values())
                .map(state -> text.get(
                        "dashboard.count",
                        text.get("dashboard.spaceState." + state.name()),
                        spaces.byState().get(state)))
                .collect(Collectors.joining(", "));
        return SvgChart.columns(
                new SvgChart.Caption(
                        "spaces-by-state",
                        text.get("dashboard.spaces.byState.title"),
                        text.get("dashboard.spaces.byState.description", counts)),
                series,
                columns,
                false,
                text.locale());
    }

    private static String capacity(Dashboard.Spaces spaces, Text text) {
        List<SpaceState> hosted = Arrays.stream(SpaceState.values())
                .filter(state -> state != SpaceState.ERASED)
                .toList();
        List<SvgChart.Series> series = hosted.stream()
                .map(state -> new SvgChart.Series(
                        state.name(), text.get("dashboard.spaceState." + state.name()), STATE_COLOURS.get(state)))
                .toList();
        List<Long> values =
                hosted.stream().map(state -> spaces.byState().get(state)).toList();
        String label = text.get(
                "dashboard.spaces.capacity.label", spaces.hosted(), spaces.capacityTarget(), spaces.percentOfTarget());
        return SvgChart.progress(
                new SvgChart.Caption("spaces-capacity", text.get("dashboard.spaces.capacity.title"), label),
                series,
                values,
                spaces.capacityTarget(),
                label,
                text.locale());
    }

    private static String queueAges(Dashboard.Queue queue, Text text) {
        List<SvgChart.Series> series = List.of(
                new SvgChart.Series("within-target", text.get("dashboard.queue.withinTarget"), WITHIN_TARGET),
                new SvgChart.Series("past-target", text.get("dashboard.queue.pastTarget"), PAST_TARGET));
        List<SvgChart.Column> columns = queue.ranges().stream()
                .map(range -> new SvgChart.Column(
                        shortRange(range, text),
                        longRange(range, text),
                        range.pastTarget() ? List.of(0L, range.count()) : List.of(range.count(), 0L)))
                .toList();
        String counts = queue.ranges().stream()
                .map(range -> text.get("dashboard.count", longRange(range, text), range.count()))
                .collect(Collectors.joining(", "));
        return SvgChart.columns(
                new SvgChart.Caption(
                        "queue-ages",
                        text.get("dashboard.queue.ages.title"),
                        text.get(
                                "dashboard.queue.ages.description",
                                queue.waiting(),
                                queue.waitingPastTarget(),
                                queue.targetDays(),
                                counts)),
                series,
                columns,
                true,
                text.locale());
    }

    static String shortRange(Dashboard.AgeRange range, Text text) {
        return range.toDays() == null
                ? text.get("dashboard.queue.rangeOpen.short", range.fromDays())
                : text.get("dashboard.queue.range.short", range.fromDays(), range.toDays());
    }

    static String longRange(Dashboard.AgeRange range, Text text) {
        return range.toDays() == null
                ? text.get("dashboard.queue.rangeOpen", range.fromDays())
                : text.get("dashboard.queue.range", range.fromDays(), range.toDays());
    }

    private static String decisions(Dashboard.Queue queue, Text text) {
        List<SvgChart.Series> series = List.of(
                new SvgChart.Series("on-time", text.get("dashboard.queue.onTime"), WITHIN_TARGET),
                new SvgChart.Series("late", text.get("dashboard.queue.late"), PAST_TARGET));
        String label = queue.decided() == 0
                ? text.get("dashboard.queue.share.none", queue.windowDays())
                : text.get(
                        "dashboard.queue.share.label",
                        queue.onTimePercent(),
                        queue.targetDays(),
                        queue.decidedOnTime(),
                        queue.decided(),
                        queue.windowDays());
        return SvgChart.progress(
                new SvgChart.Caption("queue-decisions", text.get("dashboard.queue.share.title"), label),
                series,
                List.of(queue.decidedOnTime(), queue.decidedLate()),
                queue.decided(),
                label,
                text.locale());
    }

    private static String perWeek(List<ApplicationStatistics.Week> weeks, Text text) {
        DateTimeFormatter shortDate = DateTimeFormatter.ofPattern("d MMM", text.locale());
        DateTimeFormatter longDate =
                DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(text.locale());
        List<SvgChart.Series> series = Arrays.stream(Outcome.values())
                .map(outcome -> new SvgChart.Series(
                        outcome.name(), text.get("dashboard.outcome." + outcome.name()), OUTCOME_COLOURS.get(outcome)))
                .toList();
        List<SvgChart.Column> columns = weeks.stream()
                .map(week -> new SvgChart.Column(
                        week.monday().format(shortDate),
                        text.get("dashboard.weeks.weekOf", week.monday().format(longDate)),
                        Arrays.stream(Outcome.values()).map(week::count).toList()))
                .toList();
        long total = weeks.stream().mapToLong(ApplicationStatistics.Week::total).sum();
        String byOutcome = Arrays.stream(Outcome.values())
                .map(outcome -> text.get(
                        "dashboard.count",
                        text.get("dashboard.outcome." + outcome.name()),
                        weeks.stream().mapToLong(week -> week.count(outcome)).sum()))
                .collect(Collectors.joining(", "));
        return SvgChart.columns(
                new SvgChart.Caption(
                        "applications-per-week",
                        text.get("dashboard.weeks.title"),
                        text.get("dashboard.weeks.description", weeks.size(), total, byOutcome)),
                series,
                columns,
                false,
                text.locale());
    }

    /** Messages in the reader's language. */
    record Text(MessageSource messages, Locale locale) {

        String get(String key, Object... arguments) {
            return messages.getMessage(key, arguments, locale);
        }
    }
}
