package org.essaim.member;

import org.essaim.db.tables.records.PasswordLinkRecord;
import org.essaim.ldap.Directory;
import org.essaim.ldap.SpacePerson;
import org.essaim.mail.Outbox;
import org.essaim.security.SecretToken;
import org.essaim.web.LanguageConfiguration;
import org.essaim.web.NotFoundException;
import org.essaim.web.PublicLinks;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.essaim.db.Tables.PASSWORD_LINK;
import static org.essaim.db.Tables.SPACE;

/**
 * Links that let a person set their own password: single use, valid {@link #ACCOUNT_SETUP_VALIDITY}, stored hashed.
 * An admin's direct creation sends one; so does every row an import creates ({@link #issue}, in the importing
 * transaction, once the entry exists). A newer link for the same person replaces the older ones.
 */
@Service
public class PasswordLinks {

    public static final String ACCOUNT_SETUP = "ACCOUNT_SETUP";
    public static final Duration ACCOUNT_SETUP_VALIDITY = Duration.ofDays(7);

    private final DSLContext db;
    private final Directory directory;
    private final Outbox outbox;
    private final PublicLinks links;
    private final Clock clock;

    PasswordLinks(DSLContext db, Directory directory, Outbox outbox, PublicLinks links, Clock clock) {
        this.db = db;
        this.directory = directory;
        this.outbox = outbox;
        this.links = links;
        this.clock = clock;
    }

    /**
     * Queues the email with a link for {@code uid} (who must exist in the space's directory) to choose a password,
     * in the caller's transaction: a rolled-back creation sends nothing.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void issue(String slug, String uid, Locale language, String actor) {
        SpaceFacts space = SpaceFacts.require(db, slug);
        SpacePerson person = directory.members().find(slug, uid)
                .orElseThrow(() -> new IllegalArgumentException("No person " + uid + " in " + slug));
        OffsetDateTime now = OffsetDateTime.now(clock);
        db.update(PASSWORD_LINK).set(PASSWORD_LINK.USED_AT, now).where(PASSWORD_LINK.SPACE_ID.eq(space.id()))
                .and(PASSWORD_LINK.UID.eq(uid)).and(PASSWORD_LINK.USED_AT.isNull()).execute();
        SecretToken token = SecretToken.generate();
        PasswordLinkRecord link = db.newRecord(PASSWORD_LINK);
        link.setSpaceId(space.id());
        link.setUid(uid);
        link.setPurpose(ACCOUNT_SETUP);
        link.setTokenHash(token.hash());
        link.setCreatedAt(now);
        link.setCreatedBy(actor);
        link.setExpiresAt(now.plus(ACCOUNT_SETUP_VALIDITY));
        link.store();
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("space", space.displayName());
        variables.put("uid", uid);
        variables.put("link", links.to("/password/" + token.value()));
        variables.put("days", ACCOUNT_SETUP_VALIDITY.toDays());
        variables.put("address", space.slug());
        outbox.enqueue(person.email(), LanguageConfiguration.supported(language), "member-account", variables);
    }

    /** A password link as its page shows it. */
    public record Setup(boolean open, String slug, String spaceName, String uid, String email) {
    }

    public Optional<Setup> lookup(String token) {
        return find(token, false);
    }

    /** Sets the password and uses the link up. A used, expired or unknown link, or a refused password: nothing. */
    @Transactional
    public Setup use(String token, String password) {
        Setup setup = find(token, true).orElseThrow(() -> new NotFoundException("link"));
        if (!setup.open()) {
            return setup;
        }
        MemberInput.password("password", password, setup.uid(), setup.email(), setup.slug(), setup.spaceName());
        db.update(PASSWORD_LINK).set(PASSWORD_LINK.USED_AT, OffsetDateTime.now(clock))
                .where(PASSWORD_LINK.TOKEN_HASH.eq(SecretToken.hash(token))).execute();
        directory.members().setPassword(setup.slug(), setup.uid(), password, setup.spaceName());
        return setup;
    }

    private Optional<Setup> find(String token, boolean lock) {
        if (!SecretToken.wellFormed(token)) {
            return Optional.empty();
        }
        var query = db.select(PASSWORD_LINK.UID, PASSWORD_LINK.EXPIRES_AT, PASSWORD_LINK.USED_AT, SPACE.SLUG)
                .from(PASSWORD_LINK).join(SPACE).on(SPACE.ID.eq(PASSWORD_LINK.SPACE_ID))
                .where(PASSWORD_LINK.TOKEN_HASH.eq(SecretToken.hash(token)));
        var row = lock ? query.forUpdate().of(PASSWORD_LINK).fetchOne() : query.fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        Optional<SpaceFacts> space = SpaceFacts.find(db, row.value4());
        Optional<SpacePerson> person = space.flatMap(s -> directory.members().find(s.slug(), row.value1()));
        if (space.isEmpty() || person.isEmpty()) {
            return Optional.empty();
        }
        boolean open = row.value3() == null && row.value2().isAfter(OffsetDateTime.now(clock));
        return Optional.of(new Setup(open, space.get().slug(), space.get().displayName(), row.value1(),
                person.get().email()));
    }
}
