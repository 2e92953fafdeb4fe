package org.essaim.member;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
import org.essaim.audit.AuditLog;
import org.essaim.db.tables.records.MemberInvitationRecord;
import org.essaim.ldap.SpaceMembers;
import org.essaim.mail.Outbox;
import org.essaim.security.SecretToken;
import org.essaim.space.LiveSpaces;
import org.essaim.space.SpaceFacts;
import org.essaim.space.SpaceRegistered;
import org.essaim.web.ConflictException;
import org.essaim.web.FieldProblem;
import org.essaim.web.InvalidInputException;
import org.essaim.web.LanguageConfiguration;
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
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.essaim.db.Tables.MEMBER_INVITATION;

/**
 * Invitations to a space: sent by its admins (one or many addresses at once), and the referent's own when the space
 * is approved. Each carries a personal link valid {@link #VALIDITY}; accepting it ({@link InvitationAcceptance})
 * creates the person's directory entry. A pending invitation holds a place ({@link Places}) until it is accepted,
 * revoked or expires. The sign-ups of the join link are {@link JoinRequests}; once approved they are invitations too.
 */
@Service
public class Invitations {

    public static final Duration VALIDITY = Duration.ofDays(7);
    /** What the admins' list shows: the live ones, and those that expired (marked) so they can be sent again. */
    private static final Set<InvitationState> LISTED = Set.of(InvitationState.PENDING,
            InvitationState.AWAITING_APPROVAL, InvitationState.EXPIRED);

    private final DSLContext db;
    private final LiveSpaces spaces;
    private final InvitationStore store;
    private final SpaceMembers members;
    private final Places places;
    private final Outbox outbox;
    private final AuditLog auditLog;
    private final Clock clock;
    private final TransactionTemplate transaction;

    Invitations(DSLContext db, LiveSpaces spaces, InvitationStore store, SpaceMembers members, Places places,
                Outbox outbox, AuditLog auditLog, Clock clock, TransactionTemplate transaction) {
        this.db = db;
        this.spaces = spaces;
        this.store = store;
        this.members = members;
        this.places = places;
        this.outbox = outbox;
        this.auditLog = auditLog;
        this.clock = clock;
        this.transaction = transaction;
    }

    /**
     * One invitation or join request, as the admin's pages list it ({@code kind} and {@code state} are the names of
     * {@link InvitationKind} and {@link InvitationState}, as the pages compare them).
     */
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
        SpaceFacts space = spaces.require(slug);
        store.expireStale(space.id());
        List<FieldProblem> problems = new ArrayList<>();
        for (String email : emails) {
            if (store.liveFor(space.id(), email).isPresent()) {
                problems.add(FieldProblem.of("emails", "members.invite.alreadyInvited", email));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        int left = places.reserve(slug, emails.size());
        Locale locale = LanguageConfiguration.supported(language);
        for (String email : emails) {
            MemberInvitationRecord invitation = store.newInvitation(space, InvitationKind.INVITATION, email, null,
                    asAdmin, locale, actor);
            store.send(space, invitation, locale, actor);
        }
        auditLog.record(actor, AuditAction.MEMBER_INVITED, target(slug),
                asAdmin ? AuditDetail.MEMBER_INVITED_ADMINS : AuditDetail.MEMBER_INVITED_MEMBERS, String.join(", ", emails));
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
        SpaceFacts space = spaces.require(slug);
        Locale locale = LanguageConfiguration.supported(Locale.forLanguageTag(space.language()));
        SecretToken token = SecretToken.generate();
        OffsetDateTime now = OffsetDateTime.now(clock);
        Long id = db.insertInto(MEMBER_INVITATION)
                .set(MEMBER_INVITATION.SPACE_ID, space.id())
                .set(MEMBER_INVITATION.KIND, InvitationKind.INVITATION)
                .set(MEMBER_INVITATION.EMAIL, space.referentEmail())
                .set(MEMBER_INVITATION.EMAIL_KEY, space.referentEmail().toLowerCase(Locale.ROOT))
                .set(MEMBER_INVITATION.DISPLAY_NAME, space.referentName())
                .set(MEMBER_INVITATION.AS_ADMIN, true)
                .set(MEMBER_INVITATION.FIRST_ADMIN, true)
                .set(MEMBER_INVITATION.LANGUAGE, locale.getLanguage())
                .set(MEMBER_INVITATION.STATE, InvitationState.PENDING)
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
        outbox.enqueue(space.referentEmail(), locale, "member-referent",
                store.mailVariables(space, space.referentName(), token));
        auditLog.record(AuditLog.SYSTEM_ACTOR, AuditAction.MEMBER_INVITED, target(slug),
                AuditDetail.MEMBER_INVITED_REFERENT, space.referentEmail());
    }

    /**
     * Sends a pending invitation again with a new link (the old one stops working) valid {@link #VALIDITY} from now.
     * An invitation that had expired takes a place again, so it may be refused for want of one.
     */
    @Transactional
    public void resend(String slug, long id, Locale language, String actor) {
        SpaceFacts space = spaces.require(slug);
        MemberInvitationRecord invitation = store.lockOwn(space, id);
        if (invitation.getState() != InvitationState.PENDING && invitation.getState() != InvitationState.EXPIRED) {
            throw new ConflictException("invitation-closed");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!invitation.getExpiresAt().isAfter(now)) {
            store.expireStale(space.id());
            if (store.liveFor(space.id(), invitation.getEmail()).isPresent()) {
                throw new ConflictException("invitation-closed");
            }
            places.reserve(slug, 1);
            invitation.refresh();
        }
        invitation.setState(InvitationState.PENDING);
        store.send(space, invitation, LanguageConfiguration.supported(language), actor);
        auditLog.record(actor, AuditAction.INVITATION_RESENT, target(slug), invitation.getEmail());
    }

    /** Withdraws a pending invitation or a join request: its link stops working and its place is free. */
    @Transactional
    public void revoke(String slug, long id, String actor) {
        SpaceFacts space = spaces.require(slug);
        MemberInvitationRecord invitation = store.lockOwn(space, id);
        if (invitation.getState() != InvitationState.PENDING && invitation.getState() != InvitationState.EXPIRED) {
            throw new ConflictException("invitation-closed");
        }
        store.close(invitation, InvitationState.REVOKED, actor);
        auditLog.record(actor, AuditAction.INVITATION_REVOKED, target(slug), invitation.getEmail());
    }

    /** Live invitations and join requests of a space, newest first (expired ones still shown, marked). */
    public List<Invitation> live(String slug) {
        SpaceFacts space = spaces.require(slug);
        OffsetDateTime now = OffsetDateTime.now(clock);
        return db.selectFrom(MEMBER_INVITATION).where(MEMBER_INVITATION.SPACE_ID.eq(space.id()))
                .and(MEMBER_INVITATION.STATE.in(LISTED))
                .orderBy(MEMBER_INVITATION.CREATED_AT.desc(), MEMBER_INVITATION.ID.desc())
                .limit(500)
                .fetch().stream()
                .filter(r -> r.getState() != InvitationState.EXPIRED || r.getKind() == InvitationKind.INVITATION)
                .map(r -> new Invitation(r.getId(), r.getKind().name(), r.getEmail(), r.getDisplayName(),
                        r.getAsAdmin(), r.getState().name(), r.getCreatedAt(), r.getCreatedBy(), r.getExpiresAt(),
                        !r.getExpiresAt().isAfter(now)))
                .toList();
    }

    static String target(String slug) {
        return "space:" + slug;
    }
}
