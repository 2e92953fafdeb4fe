package org.essaim.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.ZoneId;

/**
 * {@code essaim.platform.time-zone}: the time zone every page shows dates in, to members and applicants as to staff
 * ({@link ShownDates}), and emails name days in. A name the JDK does not know stops the start with the setting's
 * name. Pages also carry each instant in UTC ISO form, in {@code <time datetime>}, for machines.
 *
 * @param timeZone an IANA zone such as {@code Europe/Paris} (the default) or {@code America/Montreal}
 */
@ConfigurationProperties("essaim.platform")
public record TimeZoneSettings(ZoneId timeZone) {

    public static final ZoneId DEFAULT = ZoneId.of("Europe/Paris");

    public TimeZoneSettings {
        timeZone = timeZone == null ? DEFAULT : timeZone;
    }
}
