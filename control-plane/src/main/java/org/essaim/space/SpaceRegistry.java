package org.essaim.space;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.db.tables.records.SpaceRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.essaim.db.Tables.SPACE;

/**
 * The registry of spaces: which addresses are taken and by whom. Approving an application registers its space
 * here, in state {@link SpaceState#PENDING}; provisioning (its own feature) turns the record into a running space.
 */
@Service
public class SpaceRegistry {

    /** Trigram similarity above which two names are "close" (pg_trgm's {@code similarity}, 0 to 1). */
    public static final double CLOSE_NAME = 0.6;

    private final DSLContext db;
    private final Clock clock;
    private final AuditLog auditLog;

    private final ApplicationEventPublisher events;

    SpaceRegistry(DSLContext db, Clock clock, AuditLog auditLog, ApplicationEventPublisher events) {
        this.db = db;
        this.clock = clock;
        this.auditLog = auditLog;
        this.events = events;
    }

    /**
     * Registers a space in the caller's transaction. Throws {@link SlugTakenException} when another space has the
     * address, which leaves the caller's transaction to be rolled back: nothing of the approval remains.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Space register(NewSpace space, String actor) {
        if (isSlugTaken(space.slug())) {
            throw new SlugTakenException(space.slug(), null);
        }
        SpaceRecord record = db.newRecord(SPACE);
        record.setSlug(space.slug());
        record.setDisplayName(space.displayName());
        record.setLanguage(space.language());
        record.setReferentName(space.referentName());
        record.setReferentEmail(space.referentEmail());
        record.setOfficialIdentifier(space.officialIdentifier());
        record.setNameKey(Resemblance.nameKey(space.displayName()));
        record.setEmailKey(Resemblance.emailKey(space.referentEmail()));
        record.setApplicationId(space.applicationId());
        record.setState(SpaceState.PENDING);
        record.setCreatedAt(OffsetDateTime.now(clock));
        record.setCreatedBy(actor);
        try {
            record.store();
        } catch (DuplicateKeyException raced) {
            throw new SlugTakenException(space.slug(), raced);
        }
        if (space.applicationId() == null) {
            auditLog.record(actor, AuditAction.SPACE_REGISTERED, "space:" + space.slug(), (String) null);
        } else {
            auditLog.record(actor, AuditAction.SPACE_REGISTERED, "space:" + space.slug(), org.essaim.audit.AuditDetail.SPACE_REGISTERED,
                    space.applicationId());
        }
        // Provisioning starts once this transaction has committed (SpaceLifecycle), never for a rolled-back approval.
        events.publishEvent(new SpaceRegistered(space.slug()));
        return toSpace(record);
    }

    public boolean isSlugTaken(String slug) {
        return db.fetchExists(SPACE, SPACE.SLUG.eq(slug));
    }

    public Optional<Space> findBySlug(String slug) {
        return db.selectFrom(SPACE).where(SPACE.SLUG.eq(slug)).fetchOptional(SpaceRegistry::toSpace);
    }

    /** A space's whole row, erased ones too, for the staff's pages of this package. */
    Optional<SpaceRecord> row(String slug) {
        return db.selectFrom(SPACE).where(SPACE.SLUG.eq(slug)).fetchOptional();
    }

    /**
     * Up to {@code count} whole rows by slug, from the first after {@code after}: keyset pagination on the slug, which
     * stays fast however many spaces there are.
     */
    List<SpaceRecord> rowsAfter(String after, int count) {
        return db.selectFrom(SPACE).where(SPACE.SLUG.gt(after)).orderBy(SPACE.SLUG).limit(count).fetch();
    }

    public Optional<Space> findByApplication(long applicationId) {
        return db.selectFrom(SPACE).where(SPACE.APPLICATION_ID.eq(applicationId)).fetchOptional(SpaceRegistry::toSpace);
    }

    /** A space that looks like the organisation described, and in what. */
    public record Likeness(Space space, boolean sameIdentifier, boolean sameEmail, boolean closeName) {
    }

    /**
     * Spaces with the same identifier, the same email (see {@link Resemblance}) or a close name, except the one
     * registered for {@code ownApplicationId}.
     */
    public List<Likeness> resembling(String name, String email, String identifier, Long ownApplicationId) {
        String nameKey = Resemblance.nameKey(name);
        String emailKey = Resemblance.emailKey(email);
        String identifierKey = Resemblance.identifierKey(identifier);
        var similarity = DSL.field("similarity({0}, {1})", Double.class, SPACE.NAME_KEY, DSL.val(nameKey));
        Condition close = DSL.condition("{0} % {1}", SPACE.NAME_KEY, DSL.val(nameKey)).and(similarity.ge(CLOSE_NAME));
        Condition any = SPACE.EMAIL_KEY.eq(emailKey).or(close);
        if (identifierKey != null) {
            any = any.or(SPACE.OFFICIAL_IDENTIFIER.eq(identifierKey));
        }
        Condition notOwn = ownApplicationId == null ? DSL.noCondition()
                : SPACE.APPLICATION_ID.isNull().or(SPACE.APPLICATION_ID.ne(ownApplicationId));
        List<Likeness> found = new ArrayList<>();
        db.select(SPACE.asterisk(), similarity.as("name_similarity")).from(SPACE).where(any).and(notOwn)
                .orderBy(SPACE.ID).limit(20)
                .forEach(row -> {
                    Space space = toSpace(row.into(SPACE));
                    Double score = row.get("name_similarity", Double.class);
                    found.add(new Likeness(space, identifierKey != null && identifierKey.equals(space.officialIdentifier()),
                            emailKey.equals(row.get(SPACE.EMAIL_KEY)), score != null && score >= CLOSE_NAME));
                });
        return found;
    }

    private static Space toSpace(SpaceRecord r) {
        return new Space(r.getId(), r.getSlug(), r.getDisplayName(), r.getLanguage(), r.getReferentName(),
                r.getReferentEmail(), r.getOfficialIdentifier(), r.getApplicationId(), r.getState(),
                r.getCreatedAt(), r.getCreatedBy());
    }
}
