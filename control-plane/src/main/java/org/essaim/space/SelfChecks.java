package org.essaim.space;

import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a space's self-check says of each of its apps ({@link SpaceConditions#VERIFICATIONS}): for the staff
 * console with the provisioner's reason and message, and for the space's admins as a plain sentence in their
 * language chosen by the reason alone (message keys {@code selfcheck.admin.<reason>}, never the English message,
 * which names namespaces and Jobs).
 *
 * @param type    WorkspaceVerified, EventsVerified or ForumVerified
 * @param status  True, False or Unknown (Unknown also before the provisioner reported)
 * @param reason  the provisioner's reason, or null before it reported
 * @param message the provisioner's English message, or null
 */
public record SelfChecks(String type, String status, String reason, String message) {

    /** The reasons the admins' sentences know; anything else reads as "being prepared". */
    private static final List<String> KNOWN = List.of(
            SpaceConditions.Reason.VERIFIED,
            SpaceConditions.Reason.UNREACHABLE,
            SpaceConditions.Reason.NOT_INSTALLED,
            SpaceConditions.Reason.MAINTENANCE,
            SpaceConditions.Reason.CONFIGURING,
            SpaceConditions.Reason.APPS_MISSING,
            SpaceConditions.Reason.CONFIGURATION_FAILED,
            SpaceConditions.Reason.SIGN_IN_FAILED,
            SpaceConditions.Reason.NOT_APPLIED,
            SpaceConditions.Reason.DISABLED,
            SpaceConditions.Reason.SUSPENDED);

    public static List<SelfChecks> of(Optional<SpaceStatus> status) {
        List<SelfChecks> checks = new ArrayList<>();
        for (String type : SpaceConditions.VERIFICATIONS) {
            checks.add(status.flatMap(s -> s.condition(type))
                    .map(c -> new SelfChecks(type, c.getStatus(), c.getReason(), c.getMessage()))
                    .orElse(new SelfChecks(type, SpaceConditions.UNKNOWN, null, null)));
        }
        return checks;
    }

    public boolean verified() {
        return SpaceConditions.TRUE.equals(status) && SpaceConditions.Reason.VERIFIED.equals(reason);
    }

    public boolean failed() {
        return SpaceConditions.FALSE.equals(status) && !SpaceConditions.Reason.NOT_APPLIED.equals(reason);
    }

    /** The message key of the admins' sentence: {@code selfcheck.admin.<reason>}. */
    public String adminKey() {
        return "selfcheck.admin." + (reason != null && KNOWN.contains(reason) ? reason : "Waiting");
    }

    /** The message key of the app's name: {@code selfcheck.app.<type>}. */
    public String appKey() {
        return "selfcheck.app." + type;
    }
}
