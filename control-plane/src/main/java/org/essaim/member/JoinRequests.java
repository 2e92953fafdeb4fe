package org.essaim.member;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.db.tables.records.MemberInvitationRecord;
import org.essaim.ldap.SpaceMembers;
import org.essaim.space.LiveSpaces;
import org.essaim.space.SpaceFacts;
import org.essaim.web.ConflictException;
import org.essaim.web.LanguageConfiguration;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Locale;

/**
 * The sign-ups of a space's join link ({@link JoinLinks}), waiting for an admin: each takes a place while it waits,
 * so the link can never let more people in than the space has room for. Approved, a request becomes a pending
 * invitation and its person receives their link ({@link InvitationAcceptance}); refused, it is closed.
 */
@Service
public class JoinRequests {

    private final LiveSpaces spaces;
    private final InvitationStore store;
    private final SpaceMembers members;
    private final Places places;
    private final AuditLog auditLog;
    private final Clock clock;

    JoinRequests(LiveSpaces spaces, InvitationStore store, SpaceMembers members, Places places, AuditLog auditLog,
                 Clock clock) {
        this.spaces = spaces;
        this.store = store;
        this.members = members;
        this.places = places;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /**
     * Records a sign-up through the join link, waiting for an admin: takes a place. False when nothing new was
     * recorded (already a member or asked).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean request(SpaceFacts space, String email, String displayName, Locale language) {
        store.expireStale(space.id());
        if (members.findByEmail(space.slug(), email).isPresent()
                || store.liveFor(space.id(), email).isPresent()) {
            // Said the same way as a new request: the page must not tell who is in the space.
            return false;
        }
        places.reserve(space.slug(), 1);
        store.newInvitation(space, InvitationKind.JOIN_REQUEST, email, displayName, false,
                LanguageConfiguration.supported(language), email).store();
        return true;
    }

    /** An admin approves a join request: the person receives their invitation link. */
    @Transactional
    public void approve(String slug, long id, Locale language, String actor) {
        SpaceFacts space = spaces.require(slug);
        MemberInvitationRecord request = waiting(space, id);
        if (!request.getExpiresAt().isAfter(OffsetDateTime.now(clock))) {
            // Its place was given up when it expired: it needs one again.
            places.reserve(slug, 1);
        }
        if (members.findByEmail(slug, request.getEmail()).isPresent()) {
            throw new ConflictException("already-member", request.getEmail());
        }
        request.setState(InvitationState.PENDING);
        request.setDecidedAt(OffsetDateTime.now(clock));
        request.setDecidedBy(actor);
        store.send(space, request, Locale.forLanguageTag(request.getLanguage()), actor);
        auditLog.record(actor, AuditAction.JOIN_REQUEST_APPROVED, Invitations.target(slug), request.getEmail());
    }

    @Transactional
    public void refuse(String slug, long id, String actor) {
        SpaceFacts space = spaces.require(slug);
        MemberInvitationRecord request = waiting(space, id);
        store.close(request, InvitationState.REFUSED, actor);
        auditLog.record(actor, AuditAction.JOIN_REQUEST_REFUSED, Invitations.target(slug), request.getEmail());
    }

    /** The space's join request {@code id}, locked, while it awaits an admin's decision. */
    private MemberInvitationRecord waiting(SpaceFacts space, long id) {
        MemberInvitationRecord request = store.lockOwn(space, id);
        if (request.getKind() != InvitationKind.JOIN_REQUEST
                || request.getState() != InvitationState.AWAITING_APPROVAL) {
            throw new ConflictException("invitation-closed");
        }
        return request;
    }
}
