package org.essaim.security;

import org.essaim.platform.InvalidSetting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code essaim.sign-in.*}: how sign-in resists password guessing (staff, space members, and the second step's
 * password check). Limits count failures per hour; 0 turns one off.
 *
 * @param failuresPerAccountAndAddress failed sign-ins allowed per hour for one account from one client address
 * @param failuresPerAddress           failed sign-ins allowed per hour from one client address, all accounts together
 * @param delayStep                    past the per-address limit, each attempt from that address waits this much more
 *                                     per failure ...
 * @param maxDelay                     ... up to this
 */
@ConfigurationProperties("essaim.sign-in")
public record SignInSettings(
        @DefaultValue("10") int failuresPerAccountAndAddress,
        @DefaultValue("100") int failuresPerAddress,
        @DefaultValue("50ms") Duration delayStep,
        @DefaultValue("5s") Duration maxDelay) {

    public SignInSettings {
        InvalidSetting.zeroOrMore("essaim.sign-in.failures-per-account-and-address", failuresPerAccountAndAddress);
        InvalidSetting.zeroOrMore("essaim.sign-in.failures-per-address", failuresPerAddress);
        InvalidSetting.zeroOrMore("essaim.sign-in.delay-step", delayStep);
        InvalidSetting.zeroOrMore("essaim.sign-in.max-delay", maxDelay);
    }
}
