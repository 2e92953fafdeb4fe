package org.essaim.privacy.member;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.audit.AuditWords;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpacePerson;
import org.essaim.mail.Outbox;
import org.essaim.member.InvitationHistory;
import org.essaim.security.SpaceAccount;
import org.essaim.space.Space;
import org.essaim.space.SpaceRegistry;
import org.essaim.web.NotFoundException;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything Essaim holds about one signed-in member of a space, gathered from where it lives: the directory entry,
 * the space's invitations and join requests for their address, the audit log (entries where they acted, and entries
 * about the space whose detail names their uid or address), the mail outbox (messages to their address, never the
 * text) and the space's registry row when they are its referent. What is kept only as a hash (the password, link
 * tokens, per-hour counters) is said, not shown. Other people's data stays out: an entry they did not act in and
 * that does not name them is not listed, and in a listed entry's detail other addresses are masked.
 */
@Service
class PersonalData {

    /** Bounds each list; a person's own history in one space stays far below it. */
    static final int LIMIT = 500;

    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>,;:()\"']+@[^\\s<>,;:()\"']+");

    private final SpaceMembers members;
    private final SpaceRegistry registry;
    private final InvitationHistory invitations;
    private final AuditLog auditLog;
    private final AuditWords words;
    private final Outbox outbox;
    private final MessageSource messages;
    private final Clock clock;

    PersonalData(
            SpaceMembers members,
            SpaceRegistry registry,
            InvitationHistory invitations,
            AuditLog auditLog,
            AuditWords words,
            Outbox outbox,
            MessageSource messages,
            Clock clock) {
        this.words = words;
        this.members = members;
        this.registry = registry;
        this.invitations = invitations;
        this.auditLog = auditLog;
        this.outbox = outbox;
        this.messages = messages;
        this.clock = clock;
    }

    /** The space's name and address, as the member sees them. */
    record SpaceName(String slug, String name) {}

    /** The directory entry: never the password, which the directory keeps only as a hash. */
    record Account(
            String uid, String displayName, String email, List<String> groups, boolean disabled, String password) {}

    /** The space's registry keeps the referent's name and address, as given in the association's application. */
    record Referent(String name, String email) {}

    /**
     * One audit entry: {@code byYou} when the person acted, {@code detail} in the reader's language, null when it is
     * about someone else; {@code detailLanguage} "en" for a detail recorded as English text, null otherwise.
     */
    record Event(
            OffsetDateTime occurredAt,
            String action,
            String label,
            String actor,
            boolean byYou,
            String detail,
            @JsonIgnore String detailLanguage) {}

    /** Everything together, as the page shows it and the JSON download carries it. */
    record MyData(
            OffsetDateTime generatedAt,
            SpaceName space,
            Account account,
            Referent referent,
            List<InvitationHistory.Entry> invitations,
            List<Event> auditLog,
            List<Outbox.Message> emails,
            List<String> notes) {}

    MyData about(SpaceAccount signedIn, Locale locale) {
        String slug = signedIn.slug();
        SpacePerson person = members.find(slug, signedIn.uid()).orElseThrow(() -> new NotFoundException("space"));
        Space space = registry.findBySlug(slug).orElseThrow(() -> new NotFoundException("space"));
        List<String> groups =
                person.admin() ? List.of(SpaceMembers.MEMBERS, SpaceMembers.ADMINS) : List.of(SpaceMembers.MEMBERS);
        Account account = new Account(
                person.uid(),
                person.displayName(),
                person.email(),
                groups,
                person.disabled(),
                text("privacy.myData.password", locale));
        Referent referent = person.email().equalsIgnoreCase(space.referentEmail())
                ? new Referent(space.referentName(), space.referentEmail())
                : null;
        List<InvitationHistory.Entry> history = invitations.about(slug, person.email());

        Set<String> spellings = new LinkedHashSet<>();
        spellings.add(person.email());
        history.forEach(entry -> spellings.add(entry.email()));
        List<Outbox.Message> emails = outbox.to(spellings, LIMIT);

        List<Event> events = events(slug, person, signedIn.getName(), history, locale);
        return new MyData(
                OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC),
                new SpaceName(slug, space.displayName()),
                account,
                referent,
                history,
                events,
                emails,
                List.of(text("privacy.myData.note.hashes", locale), text("privacy.myData.note.spaces", locale)));
    }

    /**
     * Entries naming the person's address, whenever written; entries where they acted or naming their uid only from
     * their first invitation or mention on (when there is one), since a uid freed by a removal may have been someone
     * else's before.
     */
    private List<Event> events(
            String slug, SpacePerson person, String actor, List<InvitationHistory.Entry> history, Locale locale) {
        String target = "space:" + slug;
        Map<Long, Event> found = new LinkedHashMap<>();
        List<AuditLog.AuditEvent> byAddress = auditLog.naming(target, person.email(), LIMIT);
        OffsetDateTime since = history.stream()
                .map(InvitationHistory.Entry::createdAt)
                .min(Comparator.naturalOrder())
                .orElse(null);
        for (AuditLog.AuditEvent event : byAddress) {
            if (since == null || event.occurredAt().isBefore(since)) {
                since = event.occurredAt();
            }
        }
        List<AuditLog.AuditEvent> byUid = new ArrayList<>(auditLog.search(null, actor, null, null, LIMIT));
        byUid.addAll(auditLog.naming(target, person.uid(), LIMIT));
        for (AuditLog.AuditEvent event : byAddress) {
            found.put(event.id(), event(event, actor, person, true, locale));
        }
        for (AuditLog.AuditEvent event : byUid) {
            if ((since == null || !event.occurredAt().isBefore(since)) && !found.containsKey(event.id())) {
                boolean named = !actor.equals(event.actor()) || names(event.searchable(), person.uid());
                found.put(event.id(), event(event, actor, person, named, locale));
            }
        }
        return found.values().stream()
                .sorted(Comparator.comparing(Event::occurredAt).reversed())
                .limit(LIMIT)
                .toList();
    }

    private Event event(AuditLog.AuditEvent event, String actor, SpacePerson person, boolean aboutThem, Locale locale) {
        String label = AuditAction.fromCode(event.action())
                .map(action -> messages.getMessage(action.messageKey(), null, event.action(), locale))
                .orElse(event.action());
        return new Event(
                event.occurredAt(),
                event.action(),
                label,
                event.actor(),
                actor.equals(event.actor()),
                aboutThem ? masked(words.detail(event, locale), person.email()) : null,
                aboutThem ? event.detailLanguage() : null);
    }

    private static boolean names(String detail, String uid) {
        return detail != null
                && Pattern.compile(
                                "(^|[^A-Za-z0-9._@+-])" + Pattern.quote(uid) + "($|[^A-Za-z0-9._@+-])",
                                Pattern.CASE_INSENSITIVE)
                        .matcher(detail)
                        .find();
    }

    /** The detail with every address but the person's replaced, so an invitation of several names nobody else. */
    static String masked(String detail, String ownAddress) {
        if (detail == null) {
            return null;
        }
        Matcher matcher = ADDRESS.matcher(detail);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(
                    out,
                    matcher.group().equalsIgnoreCase(ownAddress) ? Matcher.quoteReplacement(matcher.group()) : "…");
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }
}
