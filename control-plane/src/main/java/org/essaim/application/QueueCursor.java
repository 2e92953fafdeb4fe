package org.essaim.application;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A position in the queue's order (confirmation time, then id), written {@code <epoch microseconds>-<id>}. Pages
 * start from one with an index range scan, so the hundredth page costs what the first does.
 */
public record QueueCursor(OffsetDateTime confirmedAt, long id) {

    private static final Pattern SHAPE = Pattern.compile("(-?[0-9]{1,19})-([0-9]{1,19})");

    public static Optional<QueueCursor> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Matcher matcher = SHAPE.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a queue cursor");
        }
        try {
            long micros = Long.parseLong(matcher.group(1));
            Instant instant = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
            return Optional.of(new QueueCursor(instant.atOffset(ZoneOffset.UTC), Long.parseLong(matcher.group(2))));
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            throw new IllegalArgumentException("not a queue cursor", e);
        }
    }

    @Override
    public String toString() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, confirmedAt.toInstant()) + "-" + id;
    }
}
