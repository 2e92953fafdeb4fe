package org.essaim.upgrade;

import org.essaim.db.tables.records.PlatformAppVersionsRecord;
import org.essaim.space.SpaceLifecycle;
import org.essaim.space.SpaceRegistered;
import org.essaim.space.resource.AppVersions;
import org.essaim.tenant.AppCatalogue;
import org.jooq.DSLContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

import static org.essaim.db.Tables.PLATFORM_APP_VERSIONS;

/**
 * The platform's app versions: what new spaces run. The catalogue's defaults until a rollout completes; then that
 * rollout's target.
 */
@Service
public class PlatformVersions {

    private final DSLContext db;
    private final SpaceLifecycle lifecycle;
    private final Clock clock;

    PlatformVersions(DSLContext db, SpaceLifecycle lifecycle, Clock clock) {
        this.db = db;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    public AppVersions current() {
        return stored().map(PlatformVersions::versions)
                .orElse(AppCatalogue.pinned().defaults());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void set(AppVersions versions, String actor) {
        PlatformAppVersionsRecord row = stored().orElseGet(() -> db.newRecord(PLATFORM_APP_VERSIONS));
        row.setId((short) 1);
        row.setWorkspaceVersion(versions.workspace());
        row.setOfficeVersion(versions.office());
        row.setEventsVersion(versions.events());
        row.setForumVersion(versions.forum());
        row.setUpdatedAt(OffsetDateTime.now(clock));
        row.setUpdatedBy(actor);
        row.store();
    }

    /**
     * A space approved after a rollout completed runs that rollout's versions, not the catalogue's defaults: its row
     * gets them in the approving transaction, before its first hand-over.
     */
    @EventListener
    void onRegistered(SpaceRegistered registered) {
        stored().ifPresent(row -> lifecycle.changeVersions(Map.of(registered.slug(), versions(row))));
    }

    private Optional<PlatformAppVersionsRecord> stored() {
        return db.selectFrom(PLATFORM_APP_VERSIONS).fetchOptional();
    }

    private static AppVersions versions(PlatformAppVersionsRecord row) {
        return new AppVersions(
                row.getWorkspaceVersion(), row.getOfficeVersion(), row.getEventsVersion(), row.getForumVersion());
    }
}
