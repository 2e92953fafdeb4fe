package org.essaim.web;

import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Dates as people read them, on every page (members', applicants' and staff's): in their language and in the
 * platform's time zone ({@link PlatformPolicySettings#timeZone()}), "28 novembre 2026, 14:05" or "November 28, 2026, 2:05 PM", never
 * UTC ISO. Templates call it as {@code ${@shownDates.dateTime(value, #locale)}} and keep the instant itself in
 * {@code <time th:datetime="${value}">} for machines. A {@link LocalDate} is a day with no time zone (a campaign's
 * planned opening): it is shown as it is.
 */
@Component("shownDates")
public class ShownDates {

    private final PlatformPolicySettings settings;

    ShownDates(PlatformPolicySettings settings) {
        this.settings = settings;
    }

    /** The day and the time of day, {@code FormatStyle.LONG} and {@code SHORT}; a day alone for a {@link LocalDate}. */
    public String dateTime(TemporalAccessor value, Locale locale) {
        if (value instanceof LocalDate day) {
            return date(day, locale);
        }
        ZonedDateTime zoned = zoned(value);
        return zoned == null
                ? ""
                : zoned.format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                        .withLocale(LanguageConfiguration.supported(locale)));
    }

    /** The day alone, {@code FormatStyle.LONG}, in the platform's time zone. */
    public String date(TemporalAccessor value, Locale locale) {
        DateTimeFormatter format =
                DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(LanguageConfiguration.supported(locale));
        if (value instanceof LocalDate day) {
            return day.format(format);
        }
        ZonedDateTime zoned = zoned(value);
        return zoned == null ? "" : zoned.format(format);
    }

    private ZonedDateTime zoned(TemporalAccessor value) {
        return switch (value) {
            case null -> null;
            case OffsetDateTime offset -> offset.atZoneSameInstant(settings.timeZone());
            case ZonedDateTime zoned -> zoned.withZoneSameInstant(settings.timeZone());
            case Instant instant -> instant.atZone(settings.timeZone());
            default ->
                throw new IllegalArgumentException(
                        "Not an instant: " + value.getClass().getName());
        };
    }
}
