package org.essaim.member;

import org.essaim.space.LiveSpaces;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

import static org.essaim.db.Tables.MEMBER_INVITATION;

/**
 * What the space keeps of one person's invitations and join requests, closed ones included, for "what Essaim holds
 * about me". Read-only; the rows are written by {@link Invitations} and {@link JoinRequests}.
 */
@Service
public class InvitationHistory {

    /** A person's history is short; this only bounds a pathological one. */
    private static final int LIMIT = 200;

    private final DSLContext db;
    private final LiveSpaces spaces;

    InvitationHistory(DSLContext db, LiveSpaces spaces) {
        this.db = db;
        this.spaces = spaces;
    }

    /**
     * One invitation or join request: {@code kind} is {@code INVITATION} or {@code JOIN_REQUEST}, {@code state} one
     * of {@code AWAITING_APPROVAL, PENDING, ACCEPTED, REVOKED, REFUSED, EXPIRED}. {@code createdBy} is the inviting
     * admin ({@code uid@slug}), {@code essaim} for the referent's, or the address itself for a join request;
     * {@code language} is the one its emails were written in.
     */
    public record Entry(String kind, String state, String email, String displayName, boolean asAdmin,
                        String language, OffsetDateTime createdAt, String createdBy, OffsetDateTime sentAt,
                        OffsetDateTime expiresAt, OffsetDateTime decidedAt, String decidedBy, String acceptedUid) {

        public boolean joinRequest() {
            return InvitationKind.JOIN_REQUEST.name().equals(kind);
        }
    }

    /**
     * The invitations and join requests of {@code slug} for {@code email} (compared without case, as the
     * invitations' uniqueness does), oldest first. Matched on the address, not on the uid they were accepted as: a
     * uid freed by a removal may be given to someone else later, an address is one mailbox.
     */
    public List<Entry> about(String slug, String email) {
        long spaceId = spaces.require(slug).id();
        return db.selectFrom(MEMBER_INVITATION).where(MEMBER_INVITATION.SPACE_ID.eq(spaceId))
                .and(MEMBER_INVITATION.EMAIL_KEY.eq(email.toLowerCase(Locale.ROOT)))
                .orderBy(MEMBER_INVITATION.CREATED_AT, MEMBER_INVITATION.ID)
                .limit(LIMIT)
                .fetch(r -> new Entry(r.getKind().name(), r.getState().name(), r.getEmail(), r.getDisplayName(),
                        r.getAsAdmin(), r.getLanguage(), r.getCreatedAt(), r.getCreatedBy(), r.getSentAt(),
                        r.getExpiresAt(), r.getDecidedAt(), r.getDecidedBy(), r.getAcceptedUid()));
    }
}
