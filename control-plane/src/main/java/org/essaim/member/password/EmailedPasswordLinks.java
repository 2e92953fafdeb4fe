package org.essaim.member.password;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditLog;
import org.essaim.db.tables.records.MemberPasswordLinkRecord;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpacePerson;
import org.essaim.mail.Outbox;
import org.essaim.security.SecretToken;
import org.essaim.space.Space;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.SpaceSettings;
import org.essaim.space.SpaceState;
import org.essaim.web.LanguageConfiguration;
import org.essaim.web.PublicLinks;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.essaim.db.Tables.MEMBER_PASSWORD_LINK;

/**
 * Emailed links with which a space member sets their password: after "forgotten password" (valid
 * {@link #RESET_VALIDITY}) or when an account was created for them (a welcome, valid {@link #WELCOME_VALIDITY}).
 * Each link is 256 random bits, stored only as its SHA-256 ({@link SecretToken}), used once; issuing a new link for a
 * person revokes their earlier unused ones, so only the latest email works. The password itself goes to the directory
 * with Password Modify and is never stored here.
 */
@Service
public class EmailedPasswordLinks {

    public static final Duration RESET_VALIDITY = Duration.ofHours(1);
    public static final Duration WELCOME_VALIDITY = Duration.ofDays(7);
    /** The email of a forgotten-password reset. */
    public static final String RESET_TEMPLATE = "member-password-reset";
    /** The email of an account created for someone (direct creation, CSV import). */
    public static final String WELCOME_TEMPLATE = "member-welcome";
    /** Spaces whose members may set a password: not suspended, deleted or erased. */
    static final Set<SpaceState> OPEN_SPACES = Set.of(SpaceState.PENDING, SpaceState.PROVISIONING, SpaceState.READY);

    /** Where a link stands when it is opened or used. */
    public enum LinkState {
        VALID,
        EXPIRED,
        USED,
        /** A newer link was sent to the same person. */
        REPLACED,
        /** The account was disabled or removed, or the space suspended, since the link was sent. */
        UNUSABLE
    }

    /** What a link's page shows: the space and the person, and whether the link can still be used. */
    public record OpenLink(LinkState state, boolean welcome, String slug, String spaceName, String uid, String email,
                           String displayName) {
    }

    private final DSLContext db;
    private final Clock clock;
    private final SpaceMembers members;
    private final SpaceRegistry spaces;
    private final SpaceSettings spaceSettings;
    private final Outbox outbox;
    private final PublicLinks links;
    private final AuditLog auditLog;
    private final org.essaim.security.SignedInSessions sessions;

    EmailedPasswordLinks(DSLContext db, Clock clock, SpaceMembers members, SpaceRegistry spaces,
                         SpaceSettings spaceSettings,
                  Outbox outbox, PublicLinks links, AuditLog auditLog, org.essaim.security.SignedInSessions sessions) {
        this.sessions = sessions;
        this.db = db;
        this.clock = clock;
        this.members = members;
        this.spaces = spaces;
        this.spaceSettings = spaceSettings;
        this.outbox = outbox;
        this.links = links;
        this.auditLog = auditLog;
    }

    /** Issues a link and queues its email in the space's language. */
    @Transactional
    public void issue(String slug, String uid, Duration validity, String template) {
        issue(slug, uid, validity, template, null);
    }

    /** Issues a link and queues its email in {@code language} (the space's when null). */
    @Transactional
    public void issue(String slug, String uid, Duration validity, String template, Locale language) {
        Space space = spaces.findBySlug(slug).orElseThrow(() -> new IllegalArgumentException("No space " + slug));
        issue(space, person(slug, uid), validity, template,
                language != null ? language : Locale.forLanguageTag(space.language()));
    }

    /**
     * Issues a link for a person of a space and queues its email ({@code templates/mail/<template>.txt}, with the
     * variables {@code name}, {@code space}, {@code address}, {@code uid}, {@code link}, {@code hours} and
     * {@code days}) in the caller's transaction, or in its own.
     */
    @Transactional
    public void issue(Space space, SpacePerson person, Duration validity, String template, Locale locale) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        revokeOpenLinks(space.slug(), person.uid(), now);
        SecretToken token = SecretToken.generate();
        db.insertInto(MEMBER_PASSWORD_LINK)
                .set(MEMBER_PASSWORD_LINK.SPACE_SLUG, space.slug())
                .set(MEMBER_PASSWORD_LINK.UID, person.uid())
                .set(MEMBER_PASSWORD_LINK.PURPOSE,
                        RESET_TEMPLATE.equals(template) ? LinkPurpose.RESET : LinkPurpose.WELCOME)
                .set(MEMBER_PASSWORD_LINK.TOKEN_HASH, token.hash())
                .set(MEMBER_PASSWORD_LINK.CREATED_AT, now)
                .set(MEMBER_PASSWORD_LINK.EXPIRES_AT, now.plus(validity))
                .execute();
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("space", space.displayName());
        variables.put("name", person.displayName());
        variables.put("address", spaceSettings.address(space.slug()));
        variables.put("uid", person.uid());
        variables.put("link", links.to("/password/link/" + token.value()));
        variables.put("hours", validity.toHours());
        variables.put("days", validity.toDays());
        outbox.enqueue(person.email(), LanguageConfiguration.supported(locale), template, variables);
    }

    /** The link's state, without changing anything (mail scanners open links too). Empty for a link not ours. */
    public Optional<OpenLink> open(String token) {
        return find(token, false).map(this::view);
    }

    /**
     * Sets the password of the link's person with Password Modify and uses the link up, in one transaction: when the
     * directory refuses or fails, the link stays usable. Audited without the token.
     *
     * @return the link as it was before: only {@link LinkState#VALID} changed anything
     * @throws org.essaim.ldap.PasswordRefusedException when the policy refuses the password (nothing changed)
     */
    @Transactional
    public Optional<OpenLink> setPassword(String token, String password) {
        Optional<MemberPasswordLinkRecord> found = find(token, true);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MemberPasswordLinkRecord link = found.get();
        OpenLink view = view(link);
        if (view.state() != LinkState.VALID) {
            return Optional.of(view);
        }
        members.setPassword(link.getSpaceSlug(), link.getUid(), password, view.spaceName());
        OffsetDateTime now = OffsetDateTime.now(clock);
        link.setUsedAt(now);
        link.store();
        revokeOpenLinks(link.getSpaceSlug(), link.getUid(), now);
        // Whoever signed in with the old password (someone who had it, perhaps) is signed out everywhere.
        sessions.endSpaceAccount(link.getSpaceSlug(), link.getUid(), null);
        auditLog.record(link.getUid() + "@" + link.getSpaceSlug(), AuditAction.MEMBER_PASSWORD_SET_BY_LINK,
                "member:" + link.getSpaceSlug() + "/" + link.getUid(), view.welcome() ? org.essaim.audit.AuditDetail.MEMBER_PASSWORD_SET_BY_WELCOME_LINK
                        : org.essaim.audit.AuditDetail.MEMBER_PASSWORD_SET_BY_RESET_LINK);
        return Optional.of(view);
    }

    /** Revokes every link of the person still open (their password changed, or they were disabled or removed). */
    public void revokeAll(String slug, String uid) {
        revokeOpenLinks(slug, uid, OffsetDateTime.now(clock));
    }

    /** Whether the person has a link that can still be used (an import run asks before sending another). */
    public boolean hasOpenLink(String slug, String uid) {
        return db.fetchExists(MEMBER_PASSWORD_LINK, MEMBER_PASSWORD_LINK.SPACE_SLUG.eq(slug)
                .and(MEMBER_PASSWORD_LINK.UID.eq(uid)).and(MEMBER_PASSWORD_LINK.USED_AT.isNull())
                .and(MEMBER_PASSWORD_LINK.REVOKED_AT.isNull())
                .and(MEMBER_PASSWORD_LINK.EXPIRES_AT.gt(OffsetDateTime.now(clock))));
    }

    private Optional<MemberPasswordLinkRecord> find(String token, boolean lock) {
        if (!SecretToken.wellFormed(token)) {
            return Optional.empty();
        }
        var query = db.selectFrom(MEMBER_PASSWORD_LINK).where(MEMBER_PASSWORD_LINK.TOKEN_HASH.eq(SecretToken.hash(token)));
        return lock ? query.forUpdate().fetchOptional() : query.fetchOptional();
    }

    private OpenLink view(MemberPasswordLinkRecord link) {
        boolean welcome = link.getPurpose() == LinkPurpose.WELCOME;
        Optional<Space> space = spaces.findBySlug(link.getSpaceSlug());
        String spaceName = space.map(Space::displayName).orElse(link.getSpaceSlug());
        LinkState state;
        SpacePerson person = null;
        if (link.getUsedAt() != null) {
            state = LinkState.USED;
        } else if (link.getRevokedAt() != null) {
            state = LinkState.REPLACED;
        } else if (!link.getExpiresAt().isAfter(OffsetDateTime.now(clock))) {
            state = LinkState.EXPIRED;
        } else {
            person = members.find(link.getSpaceSlug(), link.getUid()).orElse(null);
            boolean usable = person != null && !person.disabled()
                    && space.map(s -> OPEN_SPACES.contains(s.state())).orElse(false);
            state = usable ? LinkState.VALID : LinkState.UNUSABLE;
        }
        return new OpenLink(state, welcome, link.getSpaceSlug(), spaceName, link.getUid(),
                person == null ? null : person.email(), person == null ? null : person.displayName());
    }

    private void revokeOpenLinks(String slug, String uid, OffsetDateTime now) {
        db.update(MEMBER_PASSWORD_LINK).set(MEMBER_PASSWORD_LINK.REVOKED_AT, now)
                .where(MEMBER_PASSWORD_LINK.SPACE_SLUG.eq(slug)).and(MEMBER_PASSWORD_LINK.UID.eq(uid))
                .and(MEMBER_PASSWORD_LINK.USED_AT.isNull()).and(MEMBER_PASSWORD_LINK.REVOKED_AT.isNull())
                .execute();
    }

    private SpacePerson person(String slug, String uid) {
        return members.find(slug, uid)
                .orElseThrow(() -> new IllegalArgumentException("No person " + uid + " in space " + slug));
    }
}
