package org.essaim.application;

import org.essaim.platform.InvalidSetting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code essaim.applications.*}, also read by the campaign pages' "tell me" form (the same per-address limit).
 * A missing key takes the default written here (never 0, which turns a bot limit off).
 *
 * @param confirmationValidity     how long a confirmation link works (7 days)
 * @param reviewTarget             the review target from email confirmation (30 days)
 * @param attemptsPerAddressPerHour form or API submissions per client address and hour (0: no limit). Behind a
 *                                  reverse proxy, set server.forward-headers-strategy so that the client's address is
 *                                  the one counted
 * @param applicationsPerEmailPerHour applications stored per contact address and hour (0: no limit)
 * @param budgetThreshold          annual budget in euros above which an application is flagged
 * @param memberThreshold          number of members above which an application is flagged
 * @param reservedSlugs            addresses nobody may ask for, added to the built-in list (www, admin, api, mail,
 *                                 forum, events...)
 * @param expiryInterval           how often unconfirmed applications are expired
 */
@ConfigurationProperties("essaim.applications")
public record ApplicationSettings(
        @DefaultValue("7d") Duration confirmationValidity,
        @DefaultValue("30d") Duration reviewTarget,
        @DefaultValue("20") int attemptsPerAddressPerHour,
        @DefaultValue("3") int applicationsPerEmailPerHour,
        @DefaultValue("50000") long budgetThreshold,
        @DefaultValue("50") int memberThreshold,
        @DefaultValue List<String> reservedSlugs,
        @DefaultValue("1h") Duration expiryInterval) {

    public ApplicationSettings {
        InvalidSetting.positive("essaim.applications.confirmation-validity", confirmationValidity);
        InvalidSetting.positive("essaim.applications.review-target", reviewTarget);
        InvalidSetting.zeroOrMore("essaim.applications.attempts-per-address-per-hour", attemptsPerAddressPerHour);
        InvalidSetting.zeroOrMore("essaim.applications.applications-per-email-per-hour", applicationsPerEmailPerHour);
        InvalidSetting.atLeast("essaim.applications.budget-threshold", budgetThreshold, 0);
        InvalidSetting.atLeast("essaim.applications.member-threshold", memberThreshold, 0);
        reservedSlugs = List.copyOf(reservedSlugs);
        InvalidSetting.positive("essaim.applications.expiry-interval", expiryInterval);
    }
}
