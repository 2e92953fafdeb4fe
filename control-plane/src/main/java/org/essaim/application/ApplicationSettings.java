package org.essaim.application;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code essaim.applications.*}, also read by the campaign pages' "tell me" form (the same per-address limit).
 * A missing key takes the default written here (never 0, which turns a bot limit off); application.yml shows them.
 *
 * @param confirmationValidity     how long a confirmation link works (7 days)
 * @param reviewTarget             the review target from email confirmation (30 days)
 * @param attemptsPerAddressPerHour form or API submissions per client address and hour (0: no limit)
 * @param applicationsPerEmailPerHour applications stored per contact address and hour (0: no limit)
 * @param budgetThreshold          annual budget in euros above which an application is flagged
 * @param memberThreshold          number of members above which an application is flagged
 * @param reservedSlugs            addresses nobody may ask for, added to the built-in list
 * @param expiryInterval           how often unconfirmed applications are expired
 */
@ConfigurationProperties("essaim.applications")
public record ApplicationSettings(Duration confirmationValidity, Duration reviewTarget,
                                  @DefaultValue("20") int attemptsPerAddressPerHour,
                                  @DefaultValue("3") int applicationsPerEmailPerHour,
                                  @DefaultValue("50000") long budgetThreshold, @DefaultValue("50") int memberThreshold,
                                  List<String> reservedSlugs, Duration expiryInterval) {

    public ApplicationSettings {
        confirmationValidity = confirmationValidity == null ? Duration.ofDays(7) : confirmationValidity;
        reviewTarget = reviewTarget == null ? Duration.ofDays(30) : reviewTarget;
        reservedSlugs = reservedSlugs == null ? List.of() : List.copyOf(reservedSlugs);
        expiryInterval = expiryInterval == null ? Duration.ofHours(1) : expiryInterval;
    }
}
