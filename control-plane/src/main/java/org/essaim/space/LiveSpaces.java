package org.essaim.space;

import org.essaim.db.tables.records.SpaceRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.Optional;

import static org.essaim.db.Tables.SPACE;

/**
 * The spaces that still have a members' side (neither deleted nor erased), for the features built on them: their
 * {@link SpaceFacts}, and the space's row lock that every place-taking transaction of the member feature queues on.
 * A deleted or erased space is unknown here.
 */
@Service
public class LiveSpaces {

    private static final Condition LIVE = SPACE.DELETED_AT.isNull().and(SPACE.ERASED_AT.isNull());

    private final DSLContext db;

    LiveSpaces(DSLContext db) {
        this.db = db;
    }

    public Optional<SpaceFacts> find(String slug) {
        return db.selectFrom(SPACE).where(SPACE.SLUG.eq(slug)).and(LIVE).fetchOptional().map(LiveSpaces::facts);
    }

    public Optional<SpaceFacts> find(long id) {
        return db.selectFrom(SPACE).where(SPACE.ID.eq(id)).and(LIVE).fetchOptional().map(LiveSpaces::facts);
    }

    /** @throws UnknownSpaceException (a 404) when there is no such live space */
    public SpaceFacts require(String slug) {
        return find(slug).orElseThrow(() -> new UnknownSpaceException(slug));
    }

    /**
     * Locks the space's row ({@code select ... for update}) until the caller's transaction ends and reads it under
     * the lock: concurrent callers for one space run one after the other, each seeing what the previous committed.
     * Suspending takes the same lock, so what the caller reads of {@link SpaceFacts#suspended()} holds until it
     * commits.
     *
     * @throws UnknownSpaceException when there is no such live space
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public SpaceFacts lock(String slug) {
        return db.selectFrom(SPACE).where(SPACE.SLUG.eq(slug)).and(LIVE).forUpdate().fetchOptional()
                .map(LiveSpaces::facts).orElseThrow(() -> new UnknownSpaceException(slug));
    }

    private static SpaceFacts facts(SpaceRecord r) {
        return new SpaceFacts(r.getId(), r.getSlug(), r.getDisplayName(), r.getLanguage(), r.getOfficeSuite(),
                r.getEventsEnabled(), r.getForumEnabled(), r.getAccountQuota(), r.getStorageQuotaGib(), r.getSuspended(),
                r.getReferentEmail(), r.getReferentName());
    }
}
