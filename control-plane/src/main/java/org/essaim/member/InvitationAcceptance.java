package org.essaim.member;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
import org.essaim.audit.AuditLog;
import org.essaim.db.tables.records.MemberInvitationRecord;
import org.essaim.ldap.MembershipRefusedException;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpaceSubtrees;
import org.essaim.security.SecretToken;
import org.essaim.space.LiveSpaces;
import org.essaim.web.ConflictException;
import org.essaim.web.NotFoundException;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;

import static org.essaim.db.Tables.MEMBER_INVITATION;

/**
 * Accepting an invitation (an admin's, the referent's, or an approved join request): the link's page, then the
 * person's directory entry with the password they chose. The invitation's place becomes the person's.
 */
@Service
public class InvitationAcceptance {

    /** How many times accepting tries the next free uid when another person took it meanwhile. */
    private static final int UID_ATTEMPTS = 5;

    private final DSLContext db;
    private final LiveSpaces spaces;
    private final SpaceMembers members;
    private final SpaceSubtrees subtrees;
    private final Places places;
    private final AuditLog auditLog;
    private final Clock clock;

    InvitationAcceptance(DSLContext db, LiveSpaces spaces, SpaceMembers members, SpaceSubtrees subtrees, Places places,
                         AuditLog auditLog, Clock clock) {
        this.db = db;
        this.spaces = spaces;
        this.members = members;
        this.subtrees = subtrees;
        this.places = places;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** What an invitation link leads to. */
    public enum LinkState { OPEN, EXPIRED, USED, REVOKED }

    /** An invitation as its accept page shows it. */
    public record Acceptance(LinkState state, String slug, String spaceName, String email, String suggestedName,
                             boolean asAdmin, boolean suspended) {
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
        return spaces.find(invitation.getSpaceId()).map(s -> new Acceptance(linkState(invitation), s.slug(),
                s.displayName(), invitation.getEmail(), invitation.getDisplayName(), invitation.getAsAdmin(),
                s.suspended()));
    }

    private LinkState linkState(MemberInvitationRecord invitation) {
        return switch (invitation.getState()) {
            case ACCEPTED -> LinkState.USED;
            case REVOKED, REFUSED -> LinkState.REVOKED;
            case PENDING -> invitation.getExpiresAt().isAfter(OffsetDateTime.now(clock)) ? LinkState.OPEN
                    : LinkState.EXPIRED;
            case AWAITING_APPROVAL, EXPIRED -> LinkState.EXPIRED;
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
        invitation.setState(InvitationState.ACCEPTED);
        invitation.setAcceptedUid(uid);
        invitation.setDecidedAt(OffsetDateTime.now(clock));
        invitation.store();
        auditLog.record(uid + "@" + slug, AuditAction.INVITATION_ACCEPTED, Invitations.target(slug),
                invitation.getAsAdmin() ? AuditDetail.INVITATION_ACCEPTED_ADMIN : AuditDetail.INVITATION_ACCEPTED_MEMBER, uid);
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
            throw Members.undone(members, slug, uid, e);
        }
        return uid;
    }
}
