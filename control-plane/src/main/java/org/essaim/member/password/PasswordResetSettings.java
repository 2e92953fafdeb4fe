package org.essaim.member.password;

import org.essaim.platform.InvalidSetting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code essaim.members.password-reset.*}: the "forgotten password" form's limits against bots (0 turns one off).
 *
 * @param attemptsPerAddressPerHour requests per client address and hour
 * @param attemptsPerEmailPerHour   requests per email address and hour
 */
@ConfigurationProperties("essaim.members.password-reset")
public record PasswordResetSettings(
        @DefaultValue("20") int attemptsPerAddressPerHour,
        @DefaultValue("5") int attemptsPerEmailPerHour) {

    public PasswordResetSettings {
        InvalidSetting.zeroOrMore(
                "essaim.members.password-reset.attempts-per-address-per-hour", attemptsPerAddressPerHour);
        InvalidSetting.zeroOrMore("essaim.members.password-reset.attempts-per-email-per-hour", attemptsPerEmailPerHour);
    }
}
