package org.essaim.member;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.security.SecretToken;
import org.essaim.space.LiveSpaces;
import org.essaim.space.SpaceFacts;
import org.essaim.web.PublicLinks;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;

import static org.essaim.db.Tables.JOIN_LINK;

/**
 * The link a space's admins share (on a poster, in a newsletter): whoever opens it may ask to join, and an admin
 * approves or refuses each request ({@link JoinRequests}). One per space, valid {@link Invitations#VALIDITY};
 * only its hash is kept, so the link is shown once, when it is made; rotating makes a new one and the old one stops
 * working; turning it off deletes it.
 */
@Service
public class JoinLinks {

    private final DSLContext db;
    private final LiveSpaces spaces;
    private final JoinRequests requests;
    private final AuditLog auditLog;
    private final PublicLinks links;
    private final Clock clock;
    private final JoinRequestNotices notices;

    JoinLinks(DSLContext db, LiveSpaces spaces, JoinRequests requests, AuditLog auditLog, PublicLinks links,
              Clock clock, JoinRequestNotices notices) {
        this.notices = notices;
        this.db = db;
        this.spaces = spaces;
        this.requests = requests;
        this.auditLog = auditLog;
        this.links = links;
        this.clock = clock;
    }

    /** The space's join link, without its secret. */
    public record JoinLink(OffsetDateTime createdAt, String createdBy, OffsetDateTime expiresAt, boolean expired) {
    }

    public Optional<JoinLink> current(String slug) {
        SpaceFacts space = spaces.require(slug);
        OffsetDateTime now = OffsetDateTime.now(clock);
        return db.selectFrom(JOIN_LINK).where(JOIN_LINK.SPACE_ID.eq(space.id())).fetchOptional()
                .map(r -> new JoinLink(r.getCreatedAt(), r.getCreatedBy(), r.getExpiresAt(),
                        !r.getExpiresAt().isAfter(now)));
    }

    /** Makes a new join link (replacing any previous one) and returns its full address, to show once. */
    @Transactional
    public String rotate(String slug, String actor) {
        SpaceFacts space = spaces.require(slug);
        SecretToken token = SecretToken.generate();
        OffsetDateTime now = OffsetDateTime.now(clock);
        db.insertInto(JOIN_LINK)
                .set(JOIN_LINK.SPACE_ID, space.id())
                .set(JOIN_LINK.TOKEN_HASH, token.hash())
                .set(JOIN_LINK.CREATED_AT, now)
                .set(JOIN_LINK.CREATED_BY, actor)
                .set(JOIN_LINK.EXPIRES_AT, now.plus(Invitations.VALIDITY))
                .onConflict(JOIN_LINK.SPACE_ID).doUpdate()
                .set(JOIN_LINK.TOKEN_HASH, token.hash())
                .set(JOIN_LINK.CREATED_AT, now)
                .set(JOIN_LINK.CREATED_BY, actor)
                .set(JOIN_LINK.EXPIRES_AT, now.plus(Invitations.VALIDITY))
                .execute();
        auditLog.record(actor, AuditAction.JOIN_LINK_CREATED, Invitations.target(slug), null);
        return links.to("/join/" + token.value());
    }

    @Transactional
    public void turnOff(String slug, String actor) {
        SpaceFacts space = spaces.require(slug);
        if (db.deleteFrom(JOIN_LINK).where(JOIN_LINK.SPACE_ID.eq(space.id())).execute() > 0) {
            auditLog.record(actor, AuditAction.JOIN_LINK_DISABLED, Invitations.target(slug), null);
        }
    }

    /** The space a join link opens, while it is valid; empty for a guessed, rotated, turned-off or expired link. */
    public Optional<String> spaceName(String token) {
        return space(token).map(SpaceFacts::displayName);
    }

    /** Whether the link's space is suspended (it then takes no sign-ups; {@link Places#reserve} refuses them). */
    public boolean suspended(String token) {
        return space(token).map(SpaceFacts::suspended).orElse(false);
    }

    /**
     * Someone asks to join through the link. The answer is the same whether the address is new, already a member or
     * already waiting, so the page tells nobody who is in the space.
     *
     * @throws NoPlacesLeftException when the space is full
     */
    @Transactional
    public void request(String token, String rawName, String rawEmail, Locale language) {
        SpaceFacts space = space(token).orElseThrow(() -> new org.essaim.web.NotFoundException("join link"));
        MemberInput.NameAndEmail typed = MemberInput.nameAndEmail(rawName, rawEmail);
        if (requests.request(space, typed.email(), typed.name(), language)) {
            notices.requested(space, typed.name(), typed.email());
        }
    }

    private Optional<SpaceFacts> space(String token) {
        if (!SecretToken.wellFormed(token)) {
            return Optional.empty();
        }
        return db.select(JOIN_LINK.SPACE_ID).from(JOIN_LINK)
                .where(JOIN_LINK.TOKEN_HASH.eq(SecretToken.hash(token)))
                .and(JOIN_LINK.EXPIRES_AT.gt(OffsetDateTime.now(clock)))
                .fetchOptional(JOIN_LINK.SPACE_ID).flatMap(spaces::find);
    }
}
