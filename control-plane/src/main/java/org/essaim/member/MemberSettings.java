package org.essaim.member;

import org.essaim.platform.InvalidSetting;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code essaim.members.*} read by the member pages; the import's and the password reset's are in their packages.
 *
 * @param joinRequestsPerAddressPerHour sign-up requests through join links per client address and hour, against
 *                                      bots (0 turns the limit off)
 */
@ConfigurationProperties("essaim.members")
public record MemberSettings(@DefaultValue("20") int joinRequestsPerAddressPerHour) {

    public MemberSettings {
        InvalidSetting.zeroOrMore("essaim.members.join-requests-per-address-per-hour", joinRequestsPerAddressPerHour);
    }
}
