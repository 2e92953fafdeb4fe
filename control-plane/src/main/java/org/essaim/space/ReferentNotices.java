package org.essaim.space;

import org.essaim.db.tables.records.SpaceRecord;
import org.essaim.mail.Outbox;
import org.essaim.provisioner.ProvisionerSettings;
import org.essaim.web.PlatformPolicies;
import org.essaim.web.PublicLinks;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tells a space's referent, in the space's language, what staff decided about it: suspended, running again, or
 * deleted (with the day its data will be erased). Queued in the outbox inside the decision's transaction, so a
 * decision that rolls back tells no one.
 */
@Component
class ReferentNotices {

    static final String SUSPENDED = "space-suspended";
    static final String RESUMED = "space-resumed";
    static final String DELETED = "space-deleted";

    private final Outbox outbox;
    private final SpaceSettings spaces;
    private final ProvisionerSettings provisioner;
    private final PublicLinks links;
    private final PlatformPolicies policies;

    ReferentNotices(
            Outbox outbox,
            SpaceSettings spaces,
            ProvisionerSettings provisioner,
            PublicLinks links,
            PlatformPolicies policies) {
        this.outbox = outbox;
        this.spaces = spaces;
        this.provisioner = provisioner;
        this.links = links;
        this.policies = policies;
    }

    void suspended(SpaceRecord space) {
        send(space, SUSPENDED, null);
    }

    void resumed(SpaceRecord space) {
        send(space, RESUMED, null);
    }

    void deleted(SpaceRecord space, OffsetDateTime deletedAt) {
        send(space, DELETED, deletedAt.plus(provisioner.gracePeriod()));
    }

    private void send(SpaceRecord space, String template, OffsetDateTime erasedFrom) {
        Locale locale = Locale.forLanguageTag("en".equals(space.getLanguage()) ? "en" : "fr");
        // The subject's argument is the first value: {0} the space's name.
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("spaceName", space.getDisplayName());
        variables.put("referentName", space.getReferentName());
        variables.put("address", spaces.address(space.getSlug()));
        variables.put("link", links.to("/spaces/" + space.getSlug()));
        // Where to ask: the operator's address, or the page saying none is published yet.
        variables.put(
                "contact", policies.contactEmail() != null ? policies.contactEmail() : links.to("/about/contact"));
        if (erasedFrom != null) {
            variables.put(
                    "erasedOn",
                    erasedFrom
                            .atZoneSameInstant(policies.timeZone())
                            .format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                                    .withLocale(locale)));
        }
        outbox.enqueue(space.getReferentEmail(), locale, template, variables);
    }
}
