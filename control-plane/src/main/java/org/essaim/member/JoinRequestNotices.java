package org.essaim.member;

import org.essaim.space.SpaceFacts;

import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpacePerson;
import org.essaim.mail.Outbox;
import org.essaim.web.PublicLinks;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tells a space's admins that someone asked to join through the link, so a request does not wait unseen for the 7
 * days it is valid. In the space's language, through the outbox, in the request's transaction. The admins who can
 * sign in are told; the referent when the directory has no admin yet.
 */
@Component
class JoinRequestNotices {

    static final String TEMPLATE = "join-requested";

    private final SpaceMembers members;
    private final Outbox outbox;
    private final PublicLinks links;

    JoinRequestNotices(SpaceMembers members, Outbox outbox, PublicLinks links) {
        this.members = members;
        this.outbox = outbox;
        this.links = links;
    }

    void requested(SpaceFacts space, String name, String email) {
        Locale locale = Locale.forLanguageTag("en".equals(space.language()) ? "en" : "fr");
        // The subject's argument is the first value: {0} the space's name.
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("spaceName", space.displayName());
        variables.put("name", name);
        variables.put("email", email);
        variables.put("link", links.to("/spaces/" + space.slug() + "/invitations"));
        variables.put("days", Invitations.VALIDITY.toDays());
        for (String admin : admins(space)) {
            outbox.enqueue(admin, locale, TEMPLATE, variables);
        }
    }

    private List<String> admins(SpaceFacts space) {
        List<String> admins = members.list(space.slug()).stream()
                .filter(person -> person.admin() && !person.disabled())
                .map(SpacePerson::email).distinct().toList();
        return admins.isEmpty() ? List.of(space.referentEmail()) : admins;
    }
}
