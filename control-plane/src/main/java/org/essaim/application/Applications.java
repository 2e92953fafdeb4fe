package org.essaim.application;

import org.essaim.db.tables.records.ApplicationRecord;
import org.essaim.space.Resemblance;
import org.essaim.space.SpaceRegistry;
import org.essaim.web.ConflictException;
import org.essaim.web.NotFoundException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.essaim.db.Tables.APPLICATION;
import static org.essaim.db.Tables.APPLICATION_FLAG;

/**
 * Applications as staff work with them: finding, the queue, assignment, flags and the state change of a decision.
 * The only code that reads or writes the application tables besides {@link ApplicationIntake} (the applicant's
 * side); other features call these methods.
 */
@Service
public class Applications {

    private final DSLContext db;
    private final Clock clock;

    Applications(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public static String target(long id) {
        return "application:" + id;
    }

    public Optional<ApplicationDetails> find(long id) {
        return db.selectFrom(APPLICATION)
                .where(APPLICATION.ID.eq(id))
                .fetchOptional()
                .map(record -> details(record, flagsOf(List.of(id)).getOrDefault(id, List.of())));
    }

    public ApplicationDetails get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("application " + id));
    }

    /** True when a live application holds this address. */
    public boolean slugHeld(String slug) {
        return db.fetchExists(APPLICATION, APPLICATION.SLUG.eq(slug).and(liveCondition()));
    }

    static Condition liveCondition() {
        return APPLICATION.STATE.in(ApplicationState.LIVE);
    }

    /** A page of the review queue: confirmed applications, oldest confirmed first. */
    public QueuePage queue(QueueQuery query) {
        int limit = Math.max(1, Math.min(query.limit(), QueueQuery.MAX_LIMIT));
        Condition filters = queueFilters(query);
        int total = db.fetchCount(APPLICATION, filters);
        var key = DSL.row(APPLICATION.CONFIRMED_AT, APPLICATION.ID);
        List<ApplicationRecord> rows;
        boolean more;
        if (query.before() != null) {
            rows = new ArrayList<>(db.selectFrom(APPLICATION)
                    .where(filters)
                    .and(key.lt(query.before().confirmedAt(), query.before().id()))
                    .orderBy(APPLICATION.CONFIRMED_AT.desc(), APPLICATION.ID.desc())
                    .limit(limit + 1)
                    .fetch());
            more = rows.size() > limit;
            rows = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())));
            Collections.reverse(rows);
        } else {
            var select = db.selectFrom(APPLICATION).where(filters);
            if (query.after() != null) {
                select = select.and(
                        key.gt(query.after().confirmedAt(), query.after().id()));
            }
            rows = new ArrayList<>(select.orderBy(APPLICATION.CONFIRMED_AT, APPLICATION.ID)
                    .limit(limit + 1)
                    .fetch());
            more = rows.size() > limit;
            rows = new ArrayList<>(rows.subList(0, Math.min(limit, rows.size())));
        }
        Map<Long, List<String>> flags =
                flagsOf(rows.stream().map(ApplicationRecord::getId).toList());
        List<QueuePage.Item> items = rows.stream()
                .map(r -> new QueuePage.Item(
                        r.getId(),
                        r.getOrganisationName(),
                        r.getSlug(),
                        r.getKind(),
                        r.getCountry(),
                        r.getMemberCount(),
                        r.getState(),
                        r.getCampaignId(),
                        r.getConfirmedAt(),
                        r.getReviewDueAt(),
                        r.getAssignedTo(),
                        r.getDecidedAt(),
                        flags.getOrDefault(r.getId(), List.of())))
                .toList();
        QueueCursor first = items.isEmpty()
                ? null
                : new QueueCursor(
                        items.getFirst().confirmedAt(), items.getFirst().id());
        QueueCursor last = items.isEmpty()
                ? null
                : new QueueCursor(items.getLast().confirmedAt(), items.getLast().id());
        boolean backwards = query.before() != null;
        QueueCursor next = backwards ? last : (more ? last : null);
        QueueCursor previous = backwards ? (more ? first : null) : (query.after() != null ? first : null);
        return new QueuePage(items, total, next, previous);
    }

    private static Condition queueFilters(QueueQuery query) {
        Condition condition = APPLICATION.CONFIRMED_AT.isNotNull();
        if (query.state() != null) {
            condition = condition.and(APPLICATION.STATE.eq(query.state()));
        }
        if (query.campaignId() != null) {
            condition = condition.and(APPLICATION.CAMPAIGN_ID.eq(query.campaignId()));
        }
        if (query.assignee() != null) {
            condition = condition.and(
                    QueueQuery.NONE.equals(query.assignee())
                            ? APPLICATION.ASSIGNED_TO.isNull()
                            : APPLICATION.ASSIGNED_TO.eq(query.assignee()));
        }
        if (query.flag() != null) {
            var flagged =
                    DSL.selectOne().from(APPLICATION_FLAG).where(APPLICATION_FLAG.APPLICATION_ID.eq(APPLICATION.ID));
            condition = condition.and(
                    switch (query.flag()) {
                        case QueueQuery.ANY -> DSL.exists(flagged);
                        case QueueQuery.NONE -> DSL.notExists(flagged);
                        default -> DSL.exists(flagged.and(APPLICATION_FLAG.FLAG.eq(query.flag())));
                    });
        }
        if (query.text() != null && !query.text().isBlank()) {
            String folded = Resemblance.fold(query.text().strip());
            // The pattern is built here, not in SQL, so the planner sees a constant and uses the trigram index.
            String pattern = "%" + folded.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
            condition = condition.and(APPLICATION.SEARCH_TEXT.like(pattern, '!'));
        }
        return condition;
    }

    private Map<Long, List<String>> flagsOf(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<String>> flags = new HashMap<>();
        db.select(APPLICATION_FLAG.APPLICATION_ID, APPLICATION_FLAG.FLAG)
                .from(APPLICATION_FLAG)
                .where(APPLICATION_FLAG.APPLICATION_ID.in(ids))
                .orderBy(APPLICATION_FLAG.FLAG)
                .forEach(r -> flags.computeIfAbsent(r.value1(), id -> new ArrayList<>())
                        .add(r.value2()));
        return flags;
    }

    /** Replaces the stored flags of an application when they changed; true when they did. */
    @Transactional
    public boolean replaceFlags(long id, Set<String> flags) {
        Set<String> stored = new TreeSet<>(flagsOf(List.of(id)).getOrDefault(id, List.of()));
        if (stored.equals(new TreeSet<>(flags))) {
            return false;
        }
        db.deleteFrom(APPLICATION_FLAG)
                .where(APPLICATION_FLAG.APPLICATION_ID.eq(id))
                .execute();
        for (String flag : flags) {
            db.insertInto(APPLICATION_FLAG)
                    .set(APPLICATION_FLAG.APPLICATION_ID, id)
                    .set(APPLICATION_FLAG.FLAG, flag)
                    .execute();
        }
        return true;
    }

    /** Another confirmed application that looks like the one described, and in what. */
    public record Likeness(
            long id,
            String organisationName,
            String slug,
            ApplicationState state,
            boolean sameIdentifier,
            boolean sameEmail,
            boolean closeName) {}

    /**
     * Confirmed applications (any outcome, not erased) with the same identifier or email, or a close name; not
     * {@code ownId}.
     */
    public List<Likeness> resembling(String name, String email, String identifier, long ownId) {
        String nameKey = Resemblance.nameKey(name);
        String emailKey = Resemblance.emailKey(email);
        String identifierKey = Resemblance.identifierKey(identifier);
        var similarity = DSL.field("similarity({0}, {1})", Double.class, APPLICATION.NAME_KEY, DSL.val(nameKey));
        Condition any = APPLICATION
                .EMAIL_KEY
                .eq(emailKey)
                .or(DSL.condition("{0} % {1}", APPLICATION.NAME_KEY, DSL.val(nameKey))
                        .and(similarity.ge(SpaceRegistry.CLOSE_NAME)));
        if (identifierKey != null) {
            any = any.or(APPLICATION.OFFICIAL_IDENTIFIER.eq(identifierKey));
        }
        List<Likeness> found = new ArrayList<>();
        db.select(
                        APPLICATION.ID,
                        APPLICATION.ORGANISATION_NAME,
                        APPLICATION.SLUG,
                        APPLICATION.STATE,
                        APPLICATION.OFFICIAL_IDENTIFIER,
                        APPLICATION.EMAIL_KEY,
                        similarity.as("name_similarity"))
                .from(APPLICATION)
                .where(any)
                .and(APPLICATION.ID.ne(ownId))
                .and(APPLICATION.CONFIRMED_AT.isNotNull())
                .and(APPLICATION.ERASED_AT.isNull())
                .orderBy(APPLICATION.ID)
                .limit(20)
                .forEach(r -> {
                    Double score = r.get("name_similarity", Double.class);
                    found.add(new Likeness(
                            r.get(APPLICATION.ID),
                            r.get(APPLICATION.ORGANISATION_NAME),
                            r.get(APPLICATION.SLUG),
                            r.get(APPLICATION.STATE),
                            identifierKey != null && identifierKey.equals(r.get(APPLICATION.OFFICIAL_IDENTIFIER)),
                            emailKey.equals(r.get(APPLICATION.EMAIL_KEY)),
                            score != null && score >= SpaceRegistry.CLOSE_NAME));
                });
        return found;
    }

    /** Assigns to a reviewer (null: nobody); returns who had it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public String assign(long id, String reviewer) {
        ApplicationRecord application = lock(id);
        if (application.getConfirmedAt() == null) {
            throw new ConflictException("application-not-in-review");
        }
        String previous = application.getAssignedTo();
        application.setAssignedTo(reviewer);
        application.update();
        return previous;
    }

    /**
     * Records a decision, in the caller's transaction, on an application in review; anything else (already decided,
     * withdrawn, not confirmed) is refused and changes nothing. The row lock makes two reviewers deciding at once
     * see each other: the second is told it is already decided.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public ApplicationDetails decide(long id, ApplicationState outcome, String reason, String actor) {
        if (!outcome.decided()) {
            throw new IllegalArgumentException(outcome + " is not a decision");
        }
        ApplicationRecord application = lock(id);
        ApplicationState state = application.getState();
        if (state.decided()) {
            throw new ConflictException("application-already-decided");
        }
        if (state != ApplicationState.IN_REVIEW) {
            throw new ConflictException("application-not-in-review");
        }
        application.setState(outcome);
        application.setDecidedAt(OffsetDateTime.now(clock));
        application.setDecidedBy(actor);
        application.setDecisionReason(reason);
        application.update();
        return details(application, flagsOf(List.of(id)).getOrDefault(id, List.of()));
    }

    private ApplicationRecord lock(long id) {
        return db.selectFrom(APPLICATION)
                .where(APPLICATION.ID.eq(id))
                .forUpdate()
                .fetchOptional()
                .orElseThrow(() -> new NotFoundException("application " + id));
    }

    static ApplicationDetails details(ApplicationRecord r, Collection<String> flags) {
        return new ApplicationDetails(
                r.getId(),
                r.getCampaignId(),
                r.getState(),
                r.getLanguage(),
                r.getOrganisationName(),
                r.getKind(),
                r.getOfficialIdentifier(),
                r.getCountry(),
                r.getMainLanguage(),
                r.getPurpose(),
                r.getMemberCount(),
                r.getAnnualBudget(),
                r.getWhyNotPaid(),
                r.getSlug(),
                r.getContactName(),
                r.getContactEmail(),
                r.getSubmittedAt(),
                r.getConfirmedAt(),
                r.getReviewDueAt(),
                r.getAssignedTo(),
                r.getDecidedAt(),
                r.getDecidedBy(),
                r.getDecisionReason(),
                r.getEndedAt(),
                Set.copyOf(new LinkedHashSet<>(flags)));
    }
}
