package org.essaim.member;

import org.essaim.ldap.SpaceMembers;
import org.essaim.space.LiveSpaces;
import org.essaim.space.SpaceFacts;
import org.essaim.space.SpaceQuotas;
import org.essaim.space.UnknownSpaceException;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;

import static org.essaim.db.Tables.MEMBER_INVITATION;

/**
 * A space's account limit ({@code space.account_quota}, 50 by default). A place is held by every person in the
 * space's {@code ou=people} (disabled ones too: they keep their place until removed), every invitation whose link is
 * pending and unexpired, and every join request awaiting an admin's decision.
 *
 * <p>The limit is never exceeded, also with several control-plane replicas: whatever takes places does it through
 * {@link #reserve} in the transaction that records what takes them (the invitation, the request) or just before it
 * creates the directory entries, and {@code reserve} locks the space's row ({@link LiveSpaces#lock}) before
 * counting, so concurrent reservations for one space run one after the other and each counts what the previous one
 * committed.
 */
@Service
public class Places {

    private final DSLContext db;
    private final LiveSpaces spaces;
    private final SpaceQuotas quotas;
    private final SpaceMembers members;
    private final Clock clock;

    Places(DSLContext db, LiveSpaces spaces, SpaceQuotas quotas, SpaceMembers members, Clock clock) {
        this.db = db;
        this.spaces = spaces;
        this.quotas = quotas;
        this.members = members;
        this.clock = clock;
    }

    /** The figures of a space's limit, for the pages and the usage API. */
    public record Usage(int quota, int people, int pendingInvitations, int awaitingApproval) {

        public int used() {
            return people + pendingInvitations + awaitingApproval;
        }

        public int left() {
            return Math.max(0, quota - used());
        }
    }

    /** How many places are left now (no lock: for showing, not for deciding). */
    public int left(String slug) {
        return usage(slug).left();
    }

    public Usage usage(String slug) {
        SpaceQuotas.Quota space = quotas.of(slug).orElseThrow(() -> new UnknownSpaceException(slug));
        return count(slug, space.spaceId(), space.accounts(), null);
    }

    /**
     * Takes {@code count} places in the caller's transaction, or throws {@link NoPlacesLeftException} (carrying how
     * many are left) and takes none. The space's row stays locked until the caller's transaction ends, so the caller
     * must record what holds the places (invitations, requests, or directory entries) before committing.
     *
     * @return the places left after this reservation
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int reserve(String slug, int count) {
        return reserve(slug, count, null);
    }

    /**
     * As {@link #reserve(String, int)}, for turning an invitation into an account: the invitation's own place is not
     * counted twice. Refuses when the limit was lowered meanwhile below what the space holds.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    int reserve(String slug, int count, Long exceptInvitation) {
        SpaceFacts space = spaces.lock(slug);
        if (space.suspended()) {
            // Checked under the row's lock that suspending takes too: nothing joins a suspended space.
            throw new SpaceSuspendedException(slug);
        }
        int left = count(slug, space.id(), space.accountQuota(), exceptInvitation).left();
        if (count > left) {
            throw new NoPlacesLeftException(left, count);
        }
        return left - count;
    }

    private Usage count(String slug, long spaceId, int quota, Long exceptInvitation) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        var live = db.select(MEMBER_INVITATION.STATE, org.jooq.impl.DSL.count()).from(MEMBER_INVITATION)
                .where(MEMBER_INVITATION.SPACE_ID.eq(spaceId))
                .and(MEMBER_INVITATION.STATE.in(InvitationState.LIVE))
                .and(MEMBER_INVITATION.EXPIRES_AT.gt(now))
                .and(exceptInvitation == null ? org.jooq.impl.DSL.noCondition() : MEMBER_INVITATION.ID.ne(exceptInvitation))
                .groupBy(MEMBER_INVITATION.STATE)
                .fetchMap(MEMBER_INVITATION.STATE, org.jooq.impl.DSL.count());
        return new Usage(quota, members.count(slug), live.getOrDefault(InvitationState.PENDING, 0),
                live.getOrDefault(InvitationState.AWAITING_APPROVAL, 0));
    }
}
