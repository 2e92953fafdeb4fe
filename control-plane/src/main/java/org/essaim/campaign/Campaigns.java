package org.essaim.campaign;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
import org.essaim.audit.AuditLog;
import org.essaim.db.tables.records.CampaignRecord;
import org.essaim.web.ConflictException;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.NotFoundException;
import org.essaim.web.PlainText;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.essaim.db.Tables.CAMPAIGN;

/**
 * Campaigns: created by staff, opened and closed by staff, closed by themselves at their cap. Applications are
 * accepted only while one is open, and entering the review queue takes a place with {@link #admit}.
 */
@Service
public class Campaigns {

    public static final int MAX_CAP = 100_000;

    private final DSLContext db;
    private final Clock clock;
    private final AuditLog auditLog;
    private final ApplicationEventPublisher events;
    private final CampaignSubscribers subscribers;

    Campaigns(
            DSLContext db,
            Clock clock,
            AuditLog auditLog,
            ApplicationEventPublisher events,
            CampaignSubscribers subscribers) {
        this.db = db;
        this.clock = clock;
        this.auditLog = auditLog;
        this.events = events;
        this.subscribers = subscribers;
    }

    /** The open campaign, if any. */
    public Optional<Campaign> current() {
        return db.selectFrom(CAMPAIGN)
                .where(CAMPAIGN.STATE.eq(CampaignState.OPEN))
                .fetchOptional(Campaigns::toCampaign);
    }

    /** The next announced opening: the planned campaign with the earliest date from today on. */
    public Optional<Campaign> next() {
        return db.selectFrom(CAMPAIGN)
                .where(CAMPAIGN.STATE.eq(CampaignState.PLANNED))
                .and(CAMPAIGN.PLANNED_OPENING.ge(LocalDate.now(clock)))
                .orderBy(CAMPAIGN.PLANNED_OPENING, CAMPAIGN.ID)
                .limit(1)
                .fetchOptional(Campaigns::toCampaign);
    }

    public List<Campaign> all() {
        return db.selectFrom(CAMPAIGN).orderBy(CAMPAIGN.ID.desc()).fetch(Campaigns::toCampaign);
    }

    public Campaign find(long id) {
        return db.selectFrom(CAMPAIGN)
                .where(CAMPAIGN.ID.eq(id))
                .fetchOptional(Campaigns::toCampaign)
                .orElseThrow(() -> new NotFoundException("campaign " + id));
    }

    public Optional<Campaign> findOptional(long id) {
        return db.selectFrom(CAMPAIGN).where(CAMPAIGN.ID.eq(id)).fetchOptional(Campaigns::toCampaign);
    }

    /** Creates a planned campaign. Fields: {@code name}, {@code plannedOpening} (yyyy-mm-dd, optional), {@code cap}. */
    @Transactional
    public Campaign create(String rawName, String rawPlannedOpening, String rawCap, String actor) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = PlainText.line("name", rawName, true, 3, 200, problems);
        LocalDate plannedOpening = null;
        if (rawPlannedOpening != null && !rawPlannedOpening.isBlank()) {
            try {
                plannedOpening = LocalDate.parse(rawPlannedOpening.strip());
                if (plannedOpening.isBefore(LocalDate.now(clock))) {
                    problems.add(FieldProblem.of("plannedOpening", "campaign.error.plannedInPast"));
                }
            } catch (DateTimeParseException e) {
                problems.add(FieldProblem.of("plannedOpening", "input.date"));
            }
        }
        Integer cap = null;
        if (rawCap != null && !rawCap.isBlank()) {
            String digits = rawCap.strip();
            if (!digits.matches("[0-9]{1,9}") || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > MAX_CAP) {
                problems.add(FieldProblem.of("cap", "input.range", 1, MAX_CAP));
            } else {
                cap = Integer.parseInt(digits);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        CampaignRecord record = db.newRecord(CAMPAIGN);
        record.setName(name);
        record.setState(CampaignState.PLANNED);
        record.setPlannedOpening(plannedOpening);
        record.setCap(cap);
        record.setConfirmedCount(0);
        record.setCreatedAt(OffsetDateTime.now(clock));
        record.setCreatedBy(actor);
        record.store();
        auditLog.record(
                actor,
                AuditAction.CAMPAIGN_CREATED,
                target(record.getId()),
                cap == null
                        ? plannedOpening == null ? AuditDetail.CAMPAIGN_CREATED : AuditDetail.CAMPAIGN_CREATED_PLANNED
                        : plannedOpening == null
                                ? AuditDetail.CAMPAIGN_CREATED_CAPPED
                                : AuditDetail.CAMPAIGN_CREATED_CAPPED_PLANNED,
                name,
                cap == null ? "" : cap,
                plannedOpening == null ? "" : plannedOpening);
        return toCampaign(record);
    }

    /**
     * Opens a planned or closed campaign. Refused while another is open, or when it is already full. Tells the
     * people who asked to be told, and lets deferred applications back into the queue ({@link CampaignOpened}).
     */
    @Transactional
    public Campaign open(long id, String actor) {
        CampaignRecord campaign = lock(id);
        if (campaign.getState() == CampaignState.OPEN) {
            throw new ConflictException("campaign-already-open");
        }
        if (campaign.getCap() != null && campaign.getConfirmedCount() >= campaign.getCap()) {
            throw new ConflictException("campaign-full");
        }
        if (current().isPresent()) {
            throw new ConflictException("campaign-another-open");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        campaign.setState(CampaignState.OPEN);
        if (campaign.getOpenedAt() == null) {
            campaign.setOpenedAt(now);
        }
        campaign.setClosedAt(null);
        campaign.setClosedReason(null);
        try {
            campaign.update();
        } catch (DuplicateKeyException raced) {
            // Another campaign was opened at the same moment: the unique index keeps one open.
            throw new ConflictException("campaign-another-open");
        }
        auditLog.record(actor, AuditAction.CAMPAIGN_OPENED, target(id), campaign.getName());
        events.publishEvent(new CampaignOpened(id, actor));
        subscribers.tellAll(toCampaign(campaign));
        return toCampaign(campaign);
    }

    @Transactional
    public Campaign close(long id, String actor) {
        CampaignRecord campaign = lock(id);
        if (campaign.getState() != CampaignState.OPEN) {
            throw new ConflictException("campaign-not-open");
        }
        campaign.setState(CampaignState.CLOSED);
        campaign.setClosedAt(OffsetDateTime.now(clock));
        campaign.setClosedReason(Campaign.CLOSED_BY_STAFF);
        campaign.update();
        auditLog.record(actor, AuditAction.CAMPAIGN_CLOSED, target(id), campaign.getName());
        return toCampaign(campaign);
    }

    /**
     * Takes one place in the open campaign {@code id} for an application entering the review queue, in the
     * caller's transaction. One conditional update: concurrent callers queue on the row lock and each re-checks
     * the condition once it holds the lock, so exactly {@code cap} are admitted and the one taking the last place
     * closes the campaign in the same statement.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Admission admit(long id) {
        var filled =
                CAMPAIGN.CAP.isNotNull().and(CAMPAIGN.CONFIRMED_COUNT.plus(1).ge(CAMPAIGN.CAP));
        var row = db.update(CAMPAIGN)
                .set(CAMPAIGN.CONFIRMED_COUNT, CAMPAIGN.CONFIRMED_COUNT.plus(1))
                .set(
                        CAMPAIGN.STATE,
                        DSL.when(filled, DSL.inline(CampaignState.CLOSED, CAMPAIGN.STATE))
                                .otherwise(CAMPAIGN.STATE))
                .set(
                        CAMPAIGN.CLOSED_AT,
                        DSL.when(filled, DSL.val(OffsetDateTime.now(clock))).otherwise(CAMPAIGN.CLOSED_AT))
                .set(
                        CAMPAIGN.CLOSED_REASON,
                        DSL.when(filled, DSL.inline(Campaign.CLOSED_AT_CAP)).otherwise(CAMPAIGN.CLOSED_REASON))
                .where(CAMPAIGN.ID.eq(id))
                .and(CAMPAIGN.STATE.eq(CampaignState.OPEN))
                .and(CAMPAIGN.CAP.isNull().or(CAMPAIGN.CONFIRMED_COUNT.lt(CAMPAIGN.CAP)))
                .returning(CAMPAIGN.STATE, CAMPAIGN.NAME)
                .fetchOptional();
        if (row.isEmpty()) {
            return Admission.REFUSED;
        }
        if (row.get().get(CAMPAIGN.STATE) == CampaignState.CLOSED) {
            auditLog.record(
                    AuditLog.SYSTEM_ACTOR,
                    AuditAction.CAMPAIGN_FILLED,
                    target(id),
                    row.get().get(CAMPAIGN.NAME));
            return Admission.ADMITTED_LAST_PLACE;
        }
        return Admission.ADMITTED;
    }

    private CampaignRecord lock(long id) {
        return db.selectFrom(CAMPAIGN)
                .where(CAMPAIGN.ID.eq(id))
                .forUpdate()
                .fetchOptional()
                .orElseThrow(() -> new NotFoundException("campaign " + id));
    }

    static String target(long id) {
        return "campaign:" + id;
    }

    static Campaign toCampaign(CampaignRecord r) {
        return new Campaign(
                r.getId(),
                r.getName(),
                r.getState(),
                r.getPlannedOpening(),
                r.getCap(),
                r.getConfirmedCount(),
                r.getCreatedAt(),
                r.getCreatedBy(),
                r.getOpenedAt(),
                r.getClosedAt(),
                r.getClosedReason());
    }
}
