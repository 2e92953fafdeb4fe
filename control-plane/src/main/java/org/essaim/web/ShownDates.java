package org.essaim.web;

import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * Dates as members and applicants read them: in their language and in the platform's time zone
 * ({@code essaim.platform.time-zone}), "28 novembre 2026, 14:05" or "November 28, 2026, 2:05 PM", never UTC ISO.
 * Templates call it as {@code ${@shownDates.dateTime(value, #locale)}}; staff pages keep UTC for the record.
 */
@Component("shownDates")
public class ShownDates {

    private final PlatformPolicies policies;

    ShownDates(PlatformPolicies policies) {
        this.policies = policies;
    }

    public String dateTime(OffsetDateTime value, Locale locale) {
        if (value == null) {
            return "";
        }
        return value.atZoneSameInstant(policies.timeZone()).format(DateTimeFormatter
                .ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT).withLocale(LanguageConfiguration.supported(locale)));
    }

    public String date(OffsetDateTime value, Locale locale) {
        if (value == null) {
            return "";
        }
        return value.atZoneSameInstant(policies.timeZone()).format(DateTimeFormatter
                .ofLocalizedDate(FormatStyle.LONG).withLocale(LanguageConfiguration.supported(locale)));
    }
}
