package org.essaim.space;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.provisioner.SpaceErasure;
import org.essaim.provisioner.SpaceEvents;
import org.essaim.space.resource.SpaceConditions;
import org.essaim.space.resource.SpaceStatus;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.essaim.db.Tables.SPACE;

/**
 * Keeps what provisioning reports: each status lands on the space's row (so pages read the database, not the
 * cluster), and the state summary follows. Called from the provisioner's threads; each call is one short
 * transaction.
 */
@Component
public class SpaceProgress implements SpaceEvents {

    private final DSLContext db;
    private final TransactionTemplate transaction;
    private final AuditLog auditLog;
    private final Clock clock;

    SpaceProgress(DSLContext db, TransactionTemplate transaction, AuditLog auditLog, Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    @Override
    public void statusChanged(String slug, SpaceStatus status) {
        SpaceState state = status.isReady() ? SpaceState.READY : SpaceState.PROVISIONING;
        // The provisioner never moves the last successful backup back; a status without one keeps what was known.
        OffsetDateTime lastBackup =
                status.lastSuccessfulBackup() == null ? null : OffsetDateTime.parse(status.lastSuccessfulBackup());
        db.update(SPACE)
                .set(SPACE.PROVISIONING_STATUS, Serialization.asJson(status))
                .set(SPACE.PROVISIONING_UPDATED_AT, OffsetDateTime.now(clock))
                .set(
                        SPACE.LAST_SUCCESSFUL_BACKUP,
                        lastBackup == null ? SPACE.LAST_SUCCESSFUL_BACKUP : DSL.val(lastBackup))
                // Staff decisions (suspended, deleting) and erasure outrank what a status pass says.
                .set(
                        SPACE.STATE,
                        DSL.when(SPACE.ERASED_AT.isNotNull(), DSL.val(SpaceState.ERASED, SPACE.STATE))
                                .when(SPACE.DELETED_AT.isNotNull(), DSL.val(SpaceState.DELETING, SPACE.STATE))
                                .when(SPACE.SUSPENDED, DSL.val(SpaceState.SUSPENDED, SPACE.STATE))
                                .otherwise(DSL.val(state, SPACE.STATE)))
                .where(SPACE.SLUG.eq(slug))
                .execute();
    }

    @Override
    public void erased(SpaceErasure erasure) {
        transaction.executeWithoutResult(tx -> {
            int updated = db.update(SPACE)
                    .set(SPACE.STATE, SpaceState.ERASED)
                    .set(SPACE.ERASED_AT, OffsetDateTime.now(clock))
                    .where(SPACE.SLUG.eq(erasure.slug()))
                    .execute();
            if (updated > 0) {
                auditLog.record(
                        AuditLog.SYSTEM_ACTOR, AuditAction.SPACE_ERASED, "space:" + erasure.slug(), erasure.describe());
            }
        });
    }

    /** Every component of the space, in order, with what provisioning last said of it (unknown until it reports). */
    public static List<ProgressStep> steps(Optional<SpaceStatus> status) {
        List<ProgressStep> steps = new ArrayList<>();
        for (String component : SpaceConditions.COMPONENTS) {
            steps.add(status.flatMap(s -> s.condition(component))
                    .map(c -> new ProgressStep(component, c.getStatus(), c.getReason(), c.getMessage()))
                    .orElse(new ProgressStep(component, SpaceConditions.UNKNOWN, null, null)));
        }
        return steps;
    }

    /** The last status provisioning reported for the space, if any. */
    public Optional<SpaceStatus> lastStatus(String slug) {
        String json = db.select(SPACE.PROVISIONING_STATUS)
                .from(SPACE)
                .where(SPACE.SLUG.eq(slug))
                .fetchOne(SPACE.PROVISIONING_STATUS);
        return Optional.ofNullable(json).map(text -> Serialization.unmarshal(text, SpaceStatus.class));
    }
}
