package org.essaim.space;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.db.tables.records.SpaceRecord;
import org.essaim.provisioner.LocalProvisioner;
import org.essaim.provisioner.SpaceProvisioning;
import org.essaim.space.resource.AppVersions;
import org.essaim.space.resource.OfficeSuite;
import org.essaim.space.resource.SpaceSpec;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.essaim.db.Tables.SPACE;

/**
 * Turns staff decisions about a space into what provisioning should do: an approval, a suspension, a resumption or
 * a deletion is recorded in the database first (with the audit entry), then handed to provisioning once that
 * transaction has committed. A hand-over that fails (the API server down) is retried by {@link #resubmitPending}: the
 * database stays the record of what was decided.
 */
@Service
public class SpaceLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SpaceLifecycle.class);
    /** A registered space not heard of by provisioning after this long is handed over again. */
    static final Duration UNACKNOWLEDGED = Duration.ofMinutes(2);

    private final DSLContext db;
    private final SpaceProvisioning provisioning;
    private final AuditLog auditLog;
    private final Clock clock;
    private final OfficeOffer officeOffer;
    private final ReferentNotices notices;

    SpaceLifecycle(DSLContext db, SpaceProvisioning provisioning, AuditLog auditLog, Clock clock,
                   OfficeOffer officeOffer, ReferentNotices notices) {
        this.officeOffer = officeOffer;
        this.notices = notices;
        this.db = db;
        this.provisioning = provisioning;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** Once an approval has committed, provisioning starts. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onRegistered(SpaceRegistered registered) {
        handOver(registered.slug());
    }

    /** After start: the local provisioner keeps nothing across restarts, so it is given every space again. */
    @EventListener
    @Order(0)
    void onReady(ApplicationReadyEvent ready) {
        if (provisioning instanceof LocalProvisioner local) {
            for (SpaceRecord space : db.selectFrom(SPACE).where(SPACE.ERASED_AT.isNull()).fetch()) {
                local.apply(spec(space));
                if (space.getDeletedAt() != null) {
                    local.delete(space.getSlug(), space.getDeletedAt().toInstant());
                }
            }
        }
        provisioning.start();
    }

    @Transactional
    public void suspend(String slug, String actor) {
        SpaceRecord space = lockExisting(slug);
        if (space.getSuspended() || space.getDeletedAt() != null) {
            return;
        }
        space.setSuspended(true);
        space.setState(SpaceState.SUSPENDED);
        requestHandOver(space);
        auditLog.record(actor, AuditAction.SPACE_SUSPENDED, "space:" + slug, null);
        notices.suspended(space);
        afterCommit(() -> handOver(slug));
    }

    @Transactional
    public void resume(String slug, String actor) {
        SpaceRecord space = lockExisting(slug);
        if (!space.getSuspended() || space.getDeletedAt() != null) {
            return;
        }
        space.setSuspended(false);
        space.setState(SpaceState.PROVISIONING);
        requestHandOver(space);
        auditLog.record(actor, AuditAction.SPACE_RESUMED, "space:" + slug, null);
        notices.resumed(space);
        afterCommit(() -> handOver(slug));
    }

    /** Suspends the space at once; its data is erased by provisioning when the grace period is over. */
    @Transactional
    public void delete(String slug, String actor) {
        SpaceRecord space = lockExisting(slug);
        if (space.getDeletedAt() != null) {
            return;
        }
        space.setDeletedAt(OffsetDateTime.now(clock));
        space.setDeletedBy(actor);
        space.setState(SpaceState.DELETING);
        requestHandOver(space);
        auditLog.record(actor, AuditAction.SPACE_DELETED, "space:" + slug, null);
        notices.deleted(space, space.getDeletedAt());
        afterCommit(() -> handOver(slug));
    }

    /** The office suites this platform runs: what a space admin may choose. */
    public OfficeOffer officeOffer() {
        return officeOffer;
    }

    /**
     * A space admin's choice of office suite and optional services, applied through the space's {@code Space}
     * resource. Changing nothing records nothing.
     *
     * @throws org.essaim.web.InvalidInputException on field {@code officeSuite} when the choice is a suite the
     *         platform does not run ({@link OfficeOffer}); nothing is changed
     */
    @Transactional
    public void changeSettings(String slug, OfficeSuite officeSuite, SpaceSpec.Services services, String actor) {
        SpaceRecord space = lockExisting(slug);
        if (!officeOffer.offers(officeSuite) && space.getOfficeSuite() != officeSuite) {
            throw new org.essaim.web.InvalidInputException(org.essaim.web.FieldProblem.of("officeSuite",
                    "members.settings.office.notOffered"));
        }
        if (space.getOfficeSuite() == officeSuite && space.getEventsEnabled() == services.events()
                && space.getForumEnabled() == services.forum()) {
            return;
        }
        space.setOfficeSuite(officeSuite);
        space.setEventsEnabled(services.events());
        space.setForumEnabled(services.forum());
        requestHandOver(space);
        auditLog.record(actor, AuditAction.SPACE_SETTINGS_CHANGED, "space:" + slug,
                org.essaim.audit.AuditDetail.SPACE_SETTINGS_CHANGED, officeSuite, services.events(), services.forum());
        afterCommit(() -> handOver(slug));
    }

    /**
     * Staff's change of a space's quotas (accounts, storage), applied through its {@code Space} resource. A quota
     * below what the space already holds is the caller's to refuse: this only checks the platform's bounds.
     */
    @Transactional
    public void changeQuotas(String slug, SpaceSpec.Quotas quotas, String actor) {
        if (!quotas.problems().isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", quotas.problems()));
        }
        SpaceRecord space = lockExisting(slug);
        if (space.getAccountQuota() == quotas.accounts() && space.getStorageQuotaGib() == quotas.storageGiB()) {
            return;
        }
        int accountsBefore = space.getAccountQuota();
        int storageBefore = space.getStorageQuotaGib();
        space.setAccountQuota(quotas.accounts());
        space.setStorageQuotaGib(quotas.storageGiB());
        requestHandOver(space);
        auditLog.record(actor, AuditAction.SPACE_QUOTAS_CHANGED, "space:" + slug,
                org.essaim.audit.AuditDetail.SPACE_QUOTAS_CHANGED, accountsBefore, storageBefore, quotas.accounts(), quotas.storageGiB());
        afterCommit(() -> handOver(slug));
    }

    /**
     * New app versions for some spaces (an upgrade wave, or rolling one back), each applied through its {@code Space}
     * resource once the caller's transaction commits. Spaces being deleted or erased are left alone. The caller
     * audits the decision (one entry per wave, not per space).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void changeVersions(Map<String, AppVersions> versions) {
        // One statement per distinct set of versions and thousand spaces: a wave writes thousands at once.
        Map<AppVersions, List<String>> bySet = new java.util.LinkedHashMap<>();
        versions.forEach((slug, v) -> bySet.computeIfAbsent(v, k -> new ArrayList<>()).add(slug));
        List<String> changed = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(clock);
        bySet.forEach((v, slugs) -> {
            for (int from = 0; from < slugs.size(); from += 1000) {
                changed.addAll(db.update(SPACE)
                        .set(SPACE.WORKSPACE_VERSION, v.workspace()).set(SPACE.OFFICE_VERSION, v.office())
                        .set(SPACE.EVENTS_VERSION, v.events()).set(SPACE.FORUM_VERSION, v.forum())
                        .set(SPACE.HANDOVER_PENDING, true).set(SPACE.HANDOVER_REQUESTED_AT, now)
                        .where(SPACE.SLUG.in(slugs.subList(from, Math.min(slugs.size(), from + 1000))))
                        .and(SPACE.DELETED_AT.isNull()).and(SPACE.ERASED_AT.isNull())
                        .returning(SPACE.SLUG).fetch(SPACE.SLUG));
            }
        });
        afterCommit(() -> changed.forEach(this::handOver));
    }

    /**
     * Hands over again every decision provisioning has not acknowledged for a while (see {@link SpaceResync}):
     * approvals, suspensions, resumptions and deletions whose hand-over failed or was lost with a restart.
     */
    public int resubmitPending() {
        OffsetDateTime before = OffsetDateTime.now(clock).minus(UNACKNOWLEDGED);
        List<String> pending = db.select(SPACE.SLUG).from(SPACE)
                .where(SPACE.HANDOVER_PENDING).and(SPACE.ERASED_AT.isNull())
                .and(DSL.coalesce(SPACE.HANDOVER_REQUESTED_AT, SPACE.CREATED_AT).lt(before))
                .fetch(SPACE.SLUG);
        pending.forEach(this::handOver);
        return pending.size();
    }

    /** Tells provisioning what the row says; on success, and only if no newer decision came meanwhile, done. */
    private void handOver(String slug) {
        handOver(slug, provisioning);
    }

    /**
     * The hand-over itself, to {@code target}. A failure is kept on the row with its reason (shown to staff on the
     * space's page and in the list) and audited when the reason changes, so an approved space whose Space resource
     * the API server refuses (422, 403, 409, ...) is never silently pending; the resync job keeps trying.
     */
    void handOver(String slug, SpaceProvisioning target) {
        SpaceRecord space = db.selectFrom(SPACE).where(SPACE.SLUG.eq(slug)).fetchOne();
        if (space == null || space.getErasedAt() != null) {
            return;
        }
        try {
            if (space.getDeletedAt() != null) {
                target.delete(slug);
            } else {
                target.apply(spec(space));
            }
            db.update(SPACE).set(SPACE.HANDOVER_PENDING, false)
                    .setNull(SPACE.HANDOVER_PROBLEM).setNull(SPACE.HANDOVER_PROBLEM_AT)
                    .where(SPACE.SLUG.eq(slug))
                    .and(SPACE.HANDOVER_REQUESTED_AT.isNotDistinctFrom(space.getHandoverRequestedAt()))
                    .execute();
        } catch (RuntimeException e) {
            String problem = HandOverProblem.describe(e);
            log.warn("Space {} could not be handed to provisioning; the space-resync job tries again: {}", slug,
                    problem);
            int changed = db.update(SPACE).set(SPACE.HANDOVER_PROBLEM, problem)
                    .set(SPACE.HANDOVER_PROBLEM_AT, OffsetDateTime.now(clock))
                    .where(SPACE.SLUG.eq(slug)).and(SPACE.HANDOVER_PROBLEM.isDistinctFrom(problem))
                    .execute();
            if (changed > 0) {
                auditLog.record(AuditLog.SYSTEM_ACTOR, AuditAction.SPACE_HANDOVER_FAILED, "space:" + slug, problem);
            }
        }
    }

    private void requestHandOver(SpaceRecord space) {
        space.setHandoverPending(true);
        space.setHandoverRequestedAt(OffsetDateTime.now(clock));
        space.store();
    }

    static SpaceSpec spec(SpaceRecord space) {
        return SpaceSpec.of(space.getSlug(), space.getDisplayName())
                .withLanguage(appsLanguage(space.getLanguage()))
                .withQuotas(new SpaceSpec.Quotas(space.getAccountQuota(), space.getStorageQuotaGib()))
                .withOfficeSuite(space.getOfficeSuite())
                .withServices(new SpaceSpec.Services(space.getEventsEnabled(), space.getForumEnabled()))
                .withSuspended(space.getSuspended() || space.getDeletedAt() != null)
                .withVersions(versions(space));
    }

    /** The versions the space's row names; an app left null runs the platform's default. */
    static AppVersions versions(SpaceRecord space) {
        return new AppVersions(space.getWorkspaceVersion(), space.getOfficeVersion(), space.getEventsVersion(),
                space.getForumVersion());
    }

    /** The apps speak French or English; an association working in another language gets French, the default. */
    static String appsLanguage(String applicationLanguage) {
        return SpaceSpec.LANGUAGES.contains(applicationLanguage) ? applicationLanguage : SpaceSpec.DEFAULT_LANGUAGE;
    }

    private SpaceRecord lockExisting(String slug) {
        SpaceRecord space = db.selectFrom(SPACE).where(SPACE.SLUG.eq(slug)).forUpdate().fetchOne();
        if (space == null || space.getErasedAt() != null) {
            throw new UnknownSpaceException(slug);
        }
        return space;
    }

    private static void afterCommit(Runnable action) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
