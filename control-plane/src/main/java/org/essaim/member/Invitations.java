package org.essaim.member;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.db.tables.records.MemberInvitationRecord;
import org.essaim.ldap.MembershipRefusedException;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpaceSubtrees;
import org.essaim.mail.Outbox;
import org.essaim.security.SecretToken;
import org.essaim.space.SpaceRegistered;
import org.essaim.web.ConflictException;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.LanguageConfiguration;
import org.essaim.web.NotFoundException;
import org.essaim.web.PublicLinks;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.essaim.db.Tables.MEMBER_INVITATION;

/**
 * Invitations to a space: sent by its admins (one or many addresses at once), the referent's own when the space is
 * approved, and the sign-ups of the join link once an admin approves them. Each carries a personal link valid
 * {@link #VALIDITY}; accepting it creates the person's directory entry. A pending invitation holds a place
 * ({@link Places}) until it is accepted, revoked or expires.
 */
@Service
public class Invitations {

    static final String INVITATION = "INVITATION";
    static final String JOIN_REQUEST = "JOIN_REQUEST";
    static final String AWAITING_APPROVAL = "AWAITING_APPROVAL";
    static final String PENDING = "PENDING";
    static final String ACCEPTED = "ACCEPTED";
    static final String REVOKED = "REVOKED";
    static final String REFUSED = "REFUSED";
    static final String EXPIRED = "EXPIRED";
    public static final Duration VALIDITY = Duration.ofDays(7);
    /** How many times accepting tries the next free uid when another person took it meanwhile. */
    private static final int UID_ATTEMPTS = 5;

    private final DSLContext db;
    private final SpaceMembers members;
    private final SpaceSubtrees subtrees;
    private final Places places;
    private final Outbox outbox;
    private final AuditLog auditLog;
    private final PublicLinks links;
    private final Clock clock;
    private final TransactionTemplate transaction;

    Invitations(DSLContext db, SpaceMembers members, SpaceSubtrees subtrees, Places places, Outbox outbox,
                AuditLog auditLog, PublicLinks links,
                Clock clock, TransactionTemplate transaction) {
        this.transaction = transaction;
        this.db = db;
        this.members = members;
        this.subtrees = subtrees;
        this.places = places;
        this.outbox = outbox;
        this.auditLog = auditLog;
        this.links = links;
        this.clock = clock;
    }

    /** One invitation or join request, as the admin's pages list it. */
    public record Invitation(long id, String kind, String email, String displayName, boolean asAdmin, String state,
                             OffsetDateTime createdAt, String createdBy, OffsetDateTime expiresAt, boolean expired) {
    }

    /** The outcome of {@link #invite}: who was invited and how many places are left. */
    public record Invited(List<String> emails, int placesLeft) {
    }

    /**
     * Invites every address at once, or none: an address that is already a member or already invited, or more
     * addresses than places left, refuses the whole list and writes nothing.
     *
     * <p>The directory is asked who is already a member before the transaction starts, and a space already full is
     * refused from an unlocked count: under a rush on the last places, requests that cannot win neither hold a
     * database connection while they wait for the directory nor queue on the space's row. The decision itself is
     * taken under the row's lock ({@link Places#reserve}).
     */
    public Invited invite(String slug, List<String> emails, boolean asAdmin, Locale language, String actor) {
        List<FieldProblem> problems = new ArrayList<>();
        for (String email : emails) {
            if (members.findByEmail(slug, email).isPresent()) {
                problems.add(FieldProblem.of("emails", "members.invite.alreadyMember", email));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        int left = places.left(slug);
        if (emails.size() > left) {
            throw new NoPlacesLeftException(left, emails.size());
        }
        return transaction.execute(status -> record(slug, emails, asAdmin, language, actor));
    }

    private Invited record(String slug, List<String> emails, boolean asAdmin, Locale language, String actor) {
        SpaceFacts space = SpaceFacts.require(db, slug);
        expireStale(space.id());
        List<FieldProblem> problems = new ArrayList<>();
        for (String email : emails) {
            if (liveFor(space.id(), email).isPresent()) {
                problems.add(FieldProblem.of("emails", "members.invite.alreadyInvited", email));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        int left = places.reserve(slug, emails.size());
        Locale locale = LanguageConfiguration.supported(language);
        for (String email : emails) {
            MemberInvitationRecord invitation = newInvitation(space, INVITATION, email, null, asAdmin, locale, actor);
            send(space, invitation, locale, actor);
        }
        auditLog.record(actor, AuditAction.MEMBER_INVITED, target(slug),
                (asAdmin ? "as admin: " : "") + String.join(", ", emails));
        return new Invited(emails, left);
    }

    /** The referent of a newly approved space is invited as its first admin, in the approving transaction. */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void onRegistered(SpaceRegistered registered) {
        inviteReferent(registered.slug());
    }

    /**
     * Idempotent: a space has at most one referent invitation (unique index on {@code first_admin}), so a second
     * call, a re-published event or a retried approval sends nothing more.
     */
    void inviteReferent(String slug) {
        SpaceFacts space = SpaceFacts.require(db, slug);
        var referent = db.select(org.essaim.db.Tables.SPACE.REFERENT_EMAIL, org.essaim.db.Tables.SPACE.REFERENT_NAME)
                .from(org.essaim.db.Tables.SPACE).where(org.essaim.db.Tables.SPACE.ID.eq(space.id())).fetchOne();
        Locale locale = LanguageConfiguration.supported(Locale.forLanguageTag(space.language()));
        SecretToken token = SecretToken.generate();
        OffsetDateTime now = OffsetDateTime.now(clock);
        Long id = db.insertInto(MEMBER_INVITATION)
                .set(MEMBER_INVITATION.SPACE_ID, space.id())
                .set(MEMBER_INVITATION.KIND, INVITATION)
                .set(MEMBER_INVITATION.EMAIL, referent.value1())
                .set(MEMBER_INVITATION.EMAIL_KEY, referent.value1().toLowerCase(Locale.ROOT))
                .set(MEMBER_INVITATION.DISPLAY_NAME, referent.value2())
                .set(MEMBER_INVITATION.AS_ADMIN, true)
                .set(MEMBER_INVITATION.FIRST_ADMIN, true)
                .set(MEMBER_INVITATION.LANGUAGE, locale.getLanguage())
                .set(MEMBER_INVITATION.STATE, PENDING)
                .set(MEMBER_INVITATION.TOKEN_HASH, token.hash())
                .set(MEMBER_INVITATION.CREATED_AT, now)
                .set(MEMBER_INVITATION.CREATED_BY, AuditLog.SYSTEM_ACTOR)
                .set(MEMBER_INVITATION.EXPIRES_AT, now.plus(VALIDITY))
                .set(MEMBER_INVITATION.SENT_AT, now)
                .onConflictDoNothing()
                .returning(MEMBER_INVITATION.ID)
                .fetchOptional(MEMBER_INVITATION.ID).orElse(null);
        if (id == null) {
            return;
        }
        outbox.enqueue(referent.value1(), locale, "member-referent", mailVariables(space, referent.value2(), token));
        auditLog.record(AuditLog.SYSTEM_ACTOR, AuditAction.MEMBER_INVITED, target(slug),
                "referent, as admin: " + referent.value1());
    }

    /**
     * Sends a pending invitation again with a new link (the old one stops working) valid {@link #VALIDITY} from now.
     * An invitation that had expired takes a place again, so it may be refused for want of one.
     */
    @Transactional
    public void resend(String slug, long id, Locale language, String actor) {
        SpaceFacts space = SpaceFacts.require(db, slug);
        MemberInvitationRecord invitation = lockOwn(space, id);
        if (!PENDING.equals(invitation.getState()) && !EXPIRED.equals(invitation.getState())) {
            throw new ConflictException("invitation-closed");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!invitation.getExpiresAt().isAfter(now)) {
            expireStale(space.id());
            if (liveFor(space.id(), invitation.getEmail()).isPresent()) {
                throw new ConflictException("invitation-closed");
            }
            places.reserve(slug, 1);
            invitation.refresh();
        }
        invitation.setState(PENDING);
        send(space, invitation, LanguageConfiguration.supported(language), actor);
        auditLog.record(actor, AuditAction.INVITATION_RESENT, target(slug), invitation.getEmail());
    }

    /** Withdraws a pending invitation or a join request: its link stops working and its place is free. */
    @Transactional
    public void revoke(String slug, long id, String actor) {
        SpaceFacts space = SpaceFacts.require(db, slug);
        MemberInvitationRecord invitation = lockOwn(space, id);
        if (!PENDING.equals(invitation.getState()) && !EXPIRED.equals(invitation.getState())) {
            throw new ConflictException("invitation-closed");
        }
        invitation.setState(REVOKED);
        invitation.setDecidedAt(OffsetDateTime.now(clock));
        invitation.setDecidedBy(actor);
        invitation.store();
        auditLog.record(actor, AuditAction.INVITATION_REVOKED, target(slug), invitation.getEmail());
    }

    /** An admin approves a join request: the person receives their invitation link. */
    @Transactional
    public void approve(String slug, long id, Locale language, String actor) {
        SpaceFacts space = SpaceFacts.require(db, slug);
        MemberInvitationRecord request = lockOwn(space, id);
        if (!JOIN_REQUEST.equals(request.getKind()) || !AWAITING_APPROVAL.equals(request.getState())) {
            throw new ConflictException("invitation-closed");
        }
        if (!request.getExpiresAt().isAfter(OffsetDateTime.now(clock))) {
            // Its place was given up when it expired: it needs one again.
            places.reserve(slug, 1);
        }
        if (members.findByEmail(slug, request.getEmail()).isPresent()) {
            throw new ConflictException("already-member", request.getEmail());
        }
        request.setState(PENDING);
        request.setDecidedAt(OffsetDateTime.now(clock));
        request.setDecidedBy(actor);
        send(space, request, Locale.forLanguageTag(request.getLanguage()), actor);
        auditLog.record(actor, AuditAction.JOIN_REQUEST_APPROVED, target(slug), request.getEmail());
    }

    @Transactional
    public void refuse(String slug, long id, String actor) {
        SpaceFacts space = SpaceFacts.require(db, slug);
        MemberInvitationRecord request = lockOwn(space, id);
        if (!JOIN_REQUEST.equals(request.getKind()) || !AWAITING_APPROVAL.equals(request.getState())) {
            throw new ConflictException("invitation-closed");
        }
        request.setState(REFUSED);
        request.setDecidedAt(OffsetDateTime.now(clock));
        request.setDecidedBy(actor);
        request.store();
        auditLog.record(actor, AuditAction.JOIN_REQUEST_REFUSED, target(slug), request.getEmail());
    }

    /**
     * Records a sign-up through the join link, waiting for an admin: takes a place, so the join link can never let
     * more people in than the space has room for. False when nothing new was recorded (already a member or asked).
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    boolean request(SpaceFacts space, String email, String displayName, Locale language) {
        expireStale(space.id());
        if (members.findByEmail(space.slug(), email).isPresent() || liveFor(space.id(), email).isPresent()) {
            // Said the same way as a new request: the page must not tell who is in the space.
            return false;
        }
        places.reserve(space.slug(), 1);
        newInvitation(space, JOIN_REQUEST, email, displayName, false, LanguageConfiguration.supported(language),
                email).store();
        return true;
    }

    /** Live invitations and join requests of a space, newest first (expired ones still shown, marked). */
    public List<Invitation> live(String slug) {
        SpaceFacts space = SpaceFacts.require(db, slug);
        OffsetDateTime now = OffsetDateTime.now(clock);
        return db.selectFrom(MEMBER_INVITATION).where(MEMBER_INVITATION.SPACE_ID.eq(space.id()))
                .and(MEMBER_INVITATION.STATE.in(PENDING, AWAITING_APPROVAL, EXPIRED))
                .orderBy(MEMBER_INVITATION.CREATED_AT.desc(), MEMBER_INVITATION.ID.desc())
                .limit(500)
                .fetch(r -> new Invitation(r.getId(), r.getKind(), r.getEmail(), r.getDisplayName(), r.getAsAdmin(),
                        r.getState(), r.getCreatedAt(), r.getCreatedBy(), r.getExpiresAt(),
                        !r.getExpiresAt().isAfter(now)))
                .stream().filter(i -> !EXPIRED.equals(i.state()) || i.kind().equals(INVITATION)).toList();
    }

    // ---- accepting -------------------------------------------------------------------------------------------

    /** What an invitation link leads to. */
    public enum LinkState { OPEN, EXPIRED, USED, REVOKED }

    /** An invitation as its accept page shows it. */
    public record Acceptance(LinkState state, String slug, String spaceName, String email, String suggestedName,
                             boolean asAdmin) {
    }

    /** The invitation behind a link, or empty for a link that was never one (guessed, mistyped). */
    public Optional<Acceptance> lookup(String token) {
        if (!SecretToken.wellFormed(token)) {
            return Optional.empty();
        }
        return db.selectFrom(MEMBER_INVITATION).where(MEMBER_INVITATION.TOKEN_HASH.eq(SecretToken.hash(token)))
                .fetchOptional().flatMap(this::acceptance);
    }

    private Optional<Acceptance> acceptance(MemberInvitationRecord invitation) {
        Optional<SpaceFacts> space = db.select(org.essaim.db.Tables.SPACE.SLUG).from(org.essaim.db.Tables.SPACE)
                .where(org.essaim.db.Tables.SPACE.ID.eq(invitation.getSpaceId())).fetchOptional(org.essaim.db.Tables.SPACE.SLUG)
                .flatMap(slug -> SpaceFacts.find(db, slug));
        return space.map(s -> new Acceptance(linkState(invitation), s.slug(), s.displayName(), invitation.getEmail(),
                invitation.getDisplayName(), invitation.getAsAdmin()));
    }

    private LinkState linkState(MemberInvitationRecord invitation) {
        return switch (invitation.getState()) {
            case ACCEPTED -> LinkState.USED;
            case REVOKED, REFUSED -> LinkState.REVOKED;
            case PENDING -> invitation.getExpiresAt().isAfter(OffsetDateTime.now(clock)) ? LinkState.OPEN
                    : LinkState.EXPIRED;
            default -> LinkState.EXPIRED;
        };
    }

    /** An invitation that cannot be accepted (any more): nothing was written. */
    public static class ClosedInvitationException extends RuntimeException {

        private final transient Acceptance acceptance;

        ClosedInvitationException(Acceptance acceptance) {
            super("invitation " + acceptance.state());
            this.acceptance = acceptance;
        }

        public Acceptance acceptance() {
            return acceptance;
        }
    }

    /**
     * Accepts an invitation: creates the person (uid derived from the name, unique in the space), sets their
     * password, adds them to {@code members} (and {@code admins} when invited as one; the space's first person creates
     * both groups), and closes the invitation. The same link twice, an expired or revoked one, or a name or password
     * the rules refuse: nothing is written.
     *
     * @return the new person's uid
     */
    @Transactional
    public String accept(String token, String rawName, String password, String confirmation) {
        if (!SecretToken.wellFormed(token)) {
            throw new NotFoundException("invitation");
        }
        MemberInvitationRecord invitation = db.selectFrom(MEMBER_INVITATION)
                .where(MEMBER_INVITATION.TOKEN_HASH.eq(SecretToken.hash(token))).forUpdate().fetchOptional()
                .orElseThrow(() -> new NotFoundException("invitation"));
        Acceptance acceptance = acceptance(invitation).orElseThrow(() -> new NotFoundException("invitation"));
        if (acceptance.state() != LinkState.OPEN) {
            throw new ClosedInvitationException(acceptance);
        }
        String slug = acceptance.slug();
        String name = MemberInput.displayName("displayName", rawName);
        if (!subtrees.hasSpace(slug)) {
            throw new ConflictException("space-preparing");
        }
        // The limit is checked again (staff may have lowered it since the invitation was sent), and the space's row
        // stays locked: every account creation in the space runs after this one's check of the email.
        places.reserve(slug, 1, invitation.getId());
        if (members.findByEmail(slug, invitation.getEmail()).isPresent()) {
            throw new ConflictException("already-member", invitation.getEmail());
        }
        String uid = members.freeUid(slug, name, invitation.getEmail());
        MemberInput.password(password, confirmation, uid, invitation.getEmail(), name, slug, acceptance.spaceName());
        uid = createWithPassword(slug, name, invitation.getEmail(), password, acceptance.spaceName(), uid);
        if (invitation.getAsAdmin()) {
            members.promote(slug, uid);
        }
        invitation.setState(ACCEPTED);
        invitation.setAcceptedUid(uid);
        invitation.setDecidedAt(OffsetDateTime.now(clock));
        invitation.store();
        auditLog.record(uid + "@" + slug, AuditAction.INVITATION_ACCEPTED, target(slug),
                (invitation.getAsAdmin() ? "admin " : "member ") + uid);
        return uid;
    }

    /**
     * Creates the entry and sets its password, trying the next free uid if another person took this one meanwhile.
     * A failure after the entry exists removes it again, so a retry starts clean.
     */
    private String createWithPassword(String slug, String name, String email, String password, String spaceName,
                                      String firstUid) {
        String uid = firstUid;
        for (int attempt = 1; ; attempt++) {
            try {
                members.create(slug, uid, name, email);
                break;
            } catch (MembershipRefusedException e) {
                if (e.reason() != MembershipRefusedException.Reason.ALREADY_EXISTS || attempt >= UID_ATTEMPTS
                        || members.findByEmail(slug, email).isPresent()) {
                    throw new ConflictException("already-member", email);
                }
                uid = members.freeUid(slug, name, email);
            }
        }
        try {
            members.setPassword(slug, uid, password, spaceName);
        } catch (RuntimeException e) {
            try {
                members.remove(slug, uid);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return uid;
    }

    // ---- shared --------------------------------------------------------------------------------------------

    private MemberInvitationRecord newInvitation(SpaceFacts space, String kind, String email, String displayName,
                                                 boolean asAdmin, Locale locale, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        MemberInvitationRecord invitation = db.newRecord(MEMBER_INVITATION);
        invitation.setSpaceId(space.id());
        invitation.setKind(kind);
        invitation.setEmail(email);
        invitation.setEmailKey(email.toLowerCase(Locale.ROOT));
        invitation.setDisplayName(displayName);
        invitation.setAsAdmin(asAdmin);
        invitation.setFirstAdmin(false);
        invitation.setLanguage(locale.getLanguage());
        invitation.setState(JOIN_REQUEST.equals(kind) ? AWAITING_APPROVAL : PENDING);
        invitation.setCreatedAt(now);
        invitation.setCreatedBy(actor);
        invitation.setExpiresAt(now.plus(VALIDITY));
        return invitation;
    }

    /** A new link (the previous one, if any, stops working), valid {@link #VALIDITY} from now, and its email. */
    private void send(SpaceFacts space, MemberInvitationRecord invitation, Locale locale, String actor) {
        SecretToken token = SecretToken.generate();
        OffsetDateTime now = OffsetDateTime.now(clock);
        invitation.setTokenHash(token.hash());
        invitation.setExpiresAt(now.plus(VALIDITY));
        invitation.setSentAt(now);
        invitation.store();
        outbox.enqueue(invitation.getEmail(), LanguageConfiguration.supported(locale), "member-invitation",
                mailVariables(space, actor, token));
    }

    private Map<String, Object> mailVariables(SpaceFacts space, String from, SecretToken token) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("space", space.displayName());
        variables.put("from", from);
        variables.put("link", links.to("/invitations/" + token.value()));
        variables.put("days", VALIDITY.toDays());
        return variables;
    }

    /** Marks the space's pending invitations and requests that expired, so their addresses can be invited again. */
    private void expireStale(long spaceId) {
        db.update(MEMBER_INVITATION).set(MEMBER_INVITATION.STATE, EXPIRED)
                .where(MEMBER_INVITATION.SPACE_ID.eq(spaceId))
                .and(MEMBER_INVITATION.STATE.in(PENDING, AWAITING_APPROVAL))
                .and(MEMBER_INVITATION.EXPIRES_AT.le(OffsetDateTime.now(clock)))
                .execute();
    }

    private Optional<MemberInvitationRecord> liveFor(long spaceId, String email) {
        return db.selectFrom(MEMBER_INVITATION).where(MEMBER_INVITATION.SPACE_ID.eq(spaceId))
                .and(MEMBER_INVITATION.EMAIL_KEY.eq(email.toLowerCase(Locale.ROOT)))
                .and(MEMBER_INVITATION.STATE.in(PENDING, AWAITING_APPROVAL)).fetchOptional();
    }

    private MemberInvitationRecord lockOwn(SpaceFacts space, long id) {
        return db.selectFrom(MEMBER_INVITATION).where(MEMBER_INVITATION.ID.eq(id))
                .and(MEMBER_INVITATION.SPACE_ID.eq(space.id())).forUpdate().fetchOptional()
                .orElseThrow(() -> new NotFoundException("invitation"));
    }

    static String target(String slug) {
        return "space:" + slug;
    }
}
