package org.essaim.signon;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.essaim.db.tables.records.SignOnSigningKeyRecord;
import org.essaim.security.SecretSeal;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.essaim.db.Tables.SIGN_ON_SIGNING_KEY;

/**
 * The provider's signing keys, kept in PostgreSQL so that every replica signs with the same key and verifies what
 * any other signed. When the newest key is older than the rotation period a new one is made (at start and by the
 * hourly job, one replica at a time under an advisory lock); it is published at once but signs only after the
 * pre-publication period ({@code signs_from}), longer than the apps cache the published keys, so that no app meets
 * a token signed by a key it has not fetched. Until then the previous key signs; it stays published until every
 * token it signed has expired, then is deleted. Which key signs is decided at each use from the injected clock and
 * the keys' {@code signs_from}, so every replica switches at the same moment. Keys are read back at most every few seconds, and at once
 * when a token names a key this replica has not seen. A private key is never logged, and reaches the database only
 * sealed ({@link SecretSeal}, the key id bound to it): a copy of the database cannot sign.
 */
@Component
public class SigningKeys implements JWKSource<SecurityContext> {

    private static final Duration RELOAD = Duration.ofSeconds(10);
    static final String SEALED_WITH_ANOTHER_KEY = "The signing keys in the database are sealed with another key than "
            + "this replica's: every replica must have the same essaim.two-step.key (ESSAIM_TWO_STEP_KEY). This one "
            + "signs nothing until it has. If the key was changed on purpose, see runbooks/upgrading-essaim.md.";
    /** Serialises rotations across replicas (pg_advisory_xact_lock), any number unique to this use. */
    private static final long ROTATION_LOCK = 0x5349474e4b455953L;

    private final DSLContext db;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final SignOnProperties properties;
    private final SecretSeal seal;
    private volatile Loaded loaded;
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
    /** The database holds keys and this replica opens none of them (its sealing key is not the others'). */
    private volatile boolean sealedWithAnotherKey;

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    /** The readable keys, newest first, with when each starts signing (same order), read at {@code at}. */
    private record Loaded(JWKSet keys, List<Instant> signsFrom, Instant at) {

        /** The key that signs at {@code now}: the latest to start signing by then (else the first to start). */
        String signerAt(Instant now) {
            int signer = -1;
            for (int i = 0; i < signsFrom.size(); i++) {
                Instant from = signsFrom.get(i);
                if (!from.isAfter(now) && (signer < 0 || from.isAfter(signsFrom.get(signer)))) {
                    signer = i;
                }
            }
            if (signsFrom.isEmpty()) {
                throw new IllegalStateException(SEALED_WITH_ANOTHER_KEY);
            }
            if (signer < 0) { // every key starts in the future (a clock behind the others'): the one starting first
                signer = 0;
                for (int i = 1; i < signsFrom.size(); i++) {
                    if (signsFrom.get(i).isBefore(signsFrom.get(signer))) {
                        signer = i;
                    }
                }
            }
            return keys.getKeys().get(signer).getKeyID();
        }
    }

    SigningKeys(
            DSLContext db, TransactionTemplate transaction, Clock clock, SignOnProperties properties, SecretSeal seal) {
        this.seal = seal;
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
        return keys().signerAt(clock.instant());
    }

    /** {@code claims} signed (RS256) with the current key, with {@code type} in the header: a logout token. */
    public String sign(JWTClaimsSet claims, JOSEObjectType type) {
        Loaded now = keys();
        String kid = now.signerAt(clock.instant());
        try {
            RSAKey key = now.keys().getKeyByKeyId(kid).toRSAKey();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .type(type)
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign with key " + kid, e);
        }
    }

    /** False when the database holds keys this replica cannot open: it then signs nothing (see the health check). */
    public boolean opensTheKeys() {
        keys();
        return !sealedWithAnotherKey;
    }

    /** The published keys (public parts only), as the JWKS endpoint shows them. */
    public JWKSet published() {
        return keys().keys().toPublicJWKSet();
    }

    private Loaded keys() {
        Loaded now = loaded;
        if (now == null
                || now.at().plus(RELOAD).isBefore(clock.instant())
                || now.at().isAfter(clock.instant())) {
            now = reload();
        }
        return now;
    }

    private synchronized Loaded reload() {
        var rows = db.selectFrom(SIGN_ON_SIGNING_KEY)
                .orderBy(SIGN_ON_SIGNING_KEY.CREATED_AT.desc())
                .fetch();
        if (rows.isEmpty()) {
            rotateIfDue();
            rows = db.selectFrom(SIGN_ON_SIGNING_KEY)
                    .orderBy(SIGN_ON_SIGNING_KEY.CREATED_AT.desc())
                    .fetch();
        }
        List<JWK> keys = new ArrayList<>();
        List<Instant> signsFrom = new ArrayList<>();
        readable(rows, keys, signsFrom);
        // Only keys sealed under another sealing key: a key of its own would be one the other replicas cannot publish,
        // so apps would fail now and then, depending on which replica they asked. This replica signs nothing and is
        // not ready (SigningKeysHealthIndicator) until its sealing key is the others'.
        sealedWithAnotherKey = keys.isEmpty() && !rows.isEmpty();
        Loaded now = new Loaded(new JWKSet(keys), List.copyOf(signsFrom), clock.instant());
        loaded = now;
        return now;
    }

    /** The keys this replica can open, in the rows' order, and when each signs from; the others are skipped, each said once. */
    private void readable(List<SignOnSigningKeyRecord> rows, List<JWK> keys, List<Instant> signsFrom) {
        for (var row : rows) {
            try {
                keys.add(JWK.parse(open(seal, row.getKid(), row.getSealedJwk())));
                signsFrom.add(row.getSignsFrom().toInstant());
            } catch (ParseException | IllegalStateException e) {
                if (unreadable.add(row.getKid())) {
                    log.error(
                            "Signing key {} cannot be opened with this replica's sealing key: every replica must "
                                    + "have the same essaim.two-step.key (ESSAIM_TWO_STEP_KEY)",
                            row.getKid());
                }
            }
        }
    }

    private boolean anyReadable() {
        List<JWK> keys = new ArrayList<>();
        readable(db.selectFrom(SIGN_ON_SIGNING_KEY).fetch(), keys, new ArrayList<>());
        return !keys.isEmpty();
    }

    /**
     * Makes a new signing key when the newest is older than the rotation period (or there is none); drops keys past
     * their retirement. A new key signs from the end of the pre-publication period (the very first at once, there
     * being no other); the keys before it are retired when the last token they may sign has expired.
     */
    public void rotateIfDue() {
        boolean rotated = Boolean.TRUE.equals(transaction.execute(status -> {
            db.select(DSL.field("pg_advisory_xact_lock({0})", Object.class, DSL.val(ROTATION_LOCK)))
                    .fetch();
            OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
            db.deleteFrom(SIGN_ON_SIGNING_KEY)
                    .where(SIGN_ON_SIGNING_KEY.RETIRE_AT.lt(now))
                    .execute();
            OffsetDateTime newest = db.select(DSL.max(SIGN_ON_SIGNING_KEY.CREATED_AT))
                    .from(SIGN_ON_SIGNING_KEY)
                    .fetchOne(0, OffsetDateTime.class);
            if (newest != null && newest.plus(properties.keyRotation()).isAfter(now)) {
                return false;
            }
            boolean readable = anyReadable();
            if (newest != null && !readable) {
                // Keys this replica cannot open: a key it made would be one the others cannot open either.
                log.error("Signing keys not rotated by this replica. " + SEALED_WITH_ANOTHER_KEY);
                return false;
            }
            OffsetDateTime signsFrom = readable ? now.plus(properties.keyPrePublication()) : now;
            // Older keys sign until the new one does, and verify what they signed until it expires: the
            // longest-lived token they sign is an ID token (the framework gives it 30 minutes) or an access token
            // (refresh tokens are opaque). A margin covers clocks a little apart.
            db.update(SIGN_ON_SIGNING_KEY)
                    .set(
                            SIGN_ON_SIGNING_KEY.RETIRE_AT,
                            signsFrom.plus(longestSignedToken()).plusMinutes(5))
                    .where(SIGN_ON_SIGNING_KEY.RETIRE_AT.isNull())
                    .execute();
            RSAKey key = generate();
            db.insertInto(SIGN_ON_SIGNING_KEY)
                    .set(SIGN_ON_SIGNING_KEY.KID, key.getKeyID())
                    .set(SIGN_ON_SIGNING_KEY.CREATED_AT, now)
                    .set(SIGN_ON_SIGNING_KEY.SIGNS_FROM, signsFrom)
                    .set(SIGN_ON_SIGNING_KEY.SEALED_JWK, seal(seal, key.getKeyID(), key.toJSONString()))
                    .execute();
            return true;
        }));
        if (rotated) {
            loaded = null;
        }
    }

    /** The framework's ID tokens live 30 minutes (JwtGenerator); access tokens as configured. */
    static final Duration ID_TOKEN_LIFETIME = Duration.ofMinutes(30);

    private Duration longestSignedToken() {
        Duration access = properties.accessTokenLifetime();
        return access.compareTo(ID_TOKEN_LIFETIME) > 0 ? access : ID_TOKEN_LIFETIME;
    }

    /** A key's JSON (private part included) sealed for its row; the key id is the associated data. */
    static byte[] seal(SecretSeal seal, String kid, String jwk) {
        return seal.seal(jwk.getBytes(StandardCharsets.UTF_8), owner(kid));
    }

    static String open(SecretSeal seal, String kid, byte[] sealed) {
        return new String(seal.open(sealed, owner(kid)), StandardCharsets.UTF_8);
    }

    private static String owner(String kid) {
        return "sign-on-signing-key:" + kid;
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot make an RSA key", e);
        }
    }
}
