package org.essaim.member;

import org.essaim.db.tables.records.MemberInvitationRecord;
import org.essaim.mail.Outbox;
import org.essaim.security.SecretToken;
import org.essaim.space.SpaceFacts;
import org.essaim.web.LanguageConfiguration;
import org.essaim.web.NotFoundException;
import org.essaim.web.PublicLinks;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.essaim.db.Tables.MEMBER_INVITATION;

/**
 * The {@code member_invitation} rows that invitations ({@link Invitations}), join requests ({@link JoinRequests})
 * and their acceptance ({@link InvitationAcceptance}) share, and the personal link each one's email carries. Runs
 * in its callers' transactions.
 */
@Component
class InvitationStore {

    private final DSLContext db;
    private final Outbox outbox;
    private final PublicLinks links;
    private final Clock clock;

    InvitationStore(DSLContext db, Outbox outbox, PublicLinks links, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.links = links;
        this.clock = clock;
    }

    /** A new row, not stored yet: a join request awaits an admin, an invitation is pending its link. */
    MemberInvitationRecord newInvitation(SpaceFacts space, InvitationKind kind, String email, String displayName,
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
        invitation.setState(kind == InvitationKind.JOIN_REQUEST ? InvitationState.AWAITING_APPROVAL
                : InvitationState.PENDING);
        invitation.setCreatedAt(now);
        invitation.setCreatedBy(actor);
        invitation.setExpiresAt(now.plus(Invitations.VALIDITY));
        return invitation;
    }

    /**
     * A new link (the previous one, if any, stops working), valid {@link Invitations#VALIDITY} from now, and its
     * email.
     */
    void send(SpaceFacts space, MemberInvitationRecord invitation, Locale locale, String actor) {
        SecretToken token = SecretToken.generate();
        OffsetDateTime now = OffsetDateTime.now(clock);
        invitation.setTokenHash(token.hash());
        invitation.setExpiresAt(now.plus(Invitations.VALIDITY));
        invitation.setSentAt(now);
        invitation.store();
        outbox.enqueue(invitation.getEmail(), LanguageConfiguration.supported(locale), "member-invitation",
                mailVariables(space, actor, token));
    }

    Map<String, Object> mailVariables(SpaceFacts space, String from, SecretToken token) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("space", space.displayName());
        variables.put("from", from);
        variables.put("link", links.to("/invitations/" + token.value()));
        variables.put("days", Invitations.VALIDITY.toDays());
        return variables;
    }

    /** Marks the space's pending invitations and requests that expired, so their addresses can be invited again. */
    void expireStale(long spaceId) {
        db.update(MEMBER_INVITATION).set(MEMBER_INVITATION.STATE, InvitationState.EXPIRED)
                .where(MEMBER_INVITATION.SPACE_ID.eq(spaceId))
                .and(MEMBER_INVITATION.STATE.in(InvitationState.LIVE))
                .and(MEMBER_INVITATION.EXPIRES_AT.le(OffsetDateTime.now(clock)))
                .execute();
    }

    /** The address's pending invitation or waiting request in the space. */
    Optional<MemberInvitationRecord> liveFor(long spaceId, String email) {
        return db.selectFrom(MEMBER_INVITATION).where(MEMBER_INVITATION.SPACE_ID.eq(spaceId))
                .and(MEMBER_INVITATION.EMAIL_KEY.eq(email.toLowerCase(Locale.ROOT)))
                .and(MEMBER_INVITATION.STATE.in(InvitationState.LIVE)).fetchOptional();
    }

    /** One of the space's rows, locked until the transaction ends; 404 for another space's. */
    MemberInvitationRecord lockOwn(SpaceFacts space, long id) {
        return db.selectFrom(MEMBER_INVITATION).where(MEMBER_INVITATION.ID.eq(id))
                .and(MEMBER_INVITATION.SPACE_ID.eq(space.id())).forUpdate().fetchOptional()
                .orElseThrow(() -> new NotFoundException("invitation"));
    }

    /** Closes a row by an admin's decision (revoked, refused). */
    void close(MemberInvitationRecord invitation, InvitationState state, String actor) {
        invitation.setState(state);
        invitation.setDecidedAt(OffsetDateTime.now(clock));
        invitation.setDecidedBy(actor);
        invitation.store();
    }
}
