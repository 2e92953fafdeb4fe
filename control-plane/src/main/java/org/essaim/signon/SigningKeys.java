package org.essaim.signon;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.essaim.db.Tables.SIGN_ON_SIGNING_KEY;

/**
 * The provider's signing keys, kept in PostgreSQL so that every replica signs with the same key and verifies what
 * any other signed. The newest key signs; when it is older than the rotation period a new one is made (at start
 * and by the hourly job, one replica at a time under an advisory lock) and the previous ones stay published until
 * every token they signed has expired, then are deleted. Keys are read back at most every few seconds, and at once
 * when a token names a key this replica has not seen. A private key is never logged.
 */
@Component
public class SigningKeys implements JWKSource<SecurityContext> {

    private static final Duration RELOAD = Duration.ofSeconds(10);
    /** Serialises rotations across replicas (pg_advisory_xact_lock), any number unique to this use. */
    private static final long ROTATION_LOCK = 0x5349474e4b455953L;

    private final DSLContext db;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final SignOnProperties properties;
    private volatile Loaded loaded;

    private record Loaded(JWKSet keys, String currentKid, Instant at) {
    }

    SigningKeys(DSLContext db, TransactionTemplate transaction, Clock clock, SignOnProperties properties) {
        this.db = db;
        this.transaction = transaction;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        List<JWK> found = selector.select(keys().keys());
        if (found.isEmpty() && selector.getMatcher().getKeyIDs() != null) {
            found = selector.select(reload().keys()); // signed by a key another replica just made
        }
        return found;
    }

    /** The key id new tokens are signed with. */
    public String currentKid() {
        return keys().currentKid();
    }

    /** The published keys (public parts only), as the JWKS endpoint shows them. */
    public JWKSet published() {
        return keys().keys().toPublicJWKSet();
    }

    private Loaded keys() {
        Loaded now = loaded;
        if (now == null || now.at().plus(RELOAD).isBefore(Instant.now())) {
            now = reload();
        }
        return now;
    }

    private synchronized Loaded reload() {
        var rows = db.selectFrom(SIGN_ON_SIGNING_KEY).orderBy(SIGN_ON_SIGNING_KEY.CREATED_AT.desc()).fetch();
        if (rows.isEmpty()) {
            rotateIfDue();
            rows = db.selectFrom(SIGN_ON_SIGNING_KEY).orderBy(SIGN_ON_SIGNING_KEY.CREATED_AT.desc()).fetch();
        }
        List<JWK> keys = rows.stream().map(row -> {
            try {
                return JWK.parse(row.getJwk());
            } catch (ParseException e) {
                throw new IllegalStateException("Signing key " + row.getKid() + " cannot be read");
            }
        }).toList();
        Loaded now = new Loaded(new JWKSet(keys), rows.get(0).getKid(), Instant.now());
        loaded = now;
        return now;
    }

    /** Makes a new signing key when the newest is older than the rotation period (or there is none); drops keys past their retirement. */
    public void rotateIfDue() {
        boolean rotated = Boolean.TRUE.equals(transaction.execute(status -> {
            db.select(DSL.field("pg_advisory_xact_lock({0})", Object.class, DSL.val(ROTATION_LOCK))).fetch();
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            db.deleteFrom(SIGN_ON_SIGNING_KEY).where(SIGN_ON_SIGNING_KEY.RETIRE_AT.lt(now)).execute();
            OffsetDateTime newest = db.select(DSL.max(SIGN_ON_SIGNING_KEY.CREATED_AT)).from(SIGN_ON_SIGNING_KEY)
                    .fetchOne(0, OffsetDateTime.class);
            if (newest != null && newest.plus(properties.keyRotation()).isAfter(now)) {
                return false;
            }
            // Older keys verify what they signed until it expires: the longest-lived token they sign is an ID or
            // access token (refresh tokens are opaque). A margin covers clocks a little apart.
            db.update(SIGN_ON_SIGNING_KEY)
                    .set(SIGN_ON_SIGNING_KEY.RETIRE_AT, now.plus(properties.accessTokenLifetime()).plusMinutes(5))
                    .where(SIGN_ON_SIGNING_KEY.RETIRE_AT.isNull()).execute();
            RSAKey key = generate();
            db.insertInto(SIGN_ON_SIGNING_KEY)
                    .set(SIGN_ON_SIGNING_KEY.KID, key.getKeyID())
                    .set(SIGN_ON_SIGNING_KEY.CREATED_AT, now)
                    .set(SIGN_ON_SIGNING_KEY.JWK, key.toJSONString())
                    .execute();
            return true;
        }));
        if (rotated) {
            loaded = null;
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot make an RSA key", e);
        }
    }
}
