package org.essaim.signon;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
import org.essaim.audit.AuditLog;
import org.essaim.db.tables.records.SignOnLogoutDeliveryRecord;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.essaim.db.Tables.SIGN_ON_LOGOUT_DELIVERY;

/**
 * Sends the logout tokens {@link BackChannelLogout} queued: each run claims a batch of due ones in a short transaction
 * ({@code for update skip locked}, so two replicas never claim the same one; a claim pushes the next attempt past the
 * time a delivery may take, so a replica that stops mid-way leaves it to another), then sends them with no transaction
 * open and no row locked (an app that hangs holds up neither the database's connections nor the other spaces' tokens),
 * and records each outcome in a transaction of its own. It signs each with the current key (a fresh
 * {@code iat}, a two-minute {@code exp}, the same {@code jti} at every attempt) and POSTs it as the specification says
 * ({@code logout_token}, form-encoded). Every delivery is bounded ({@code essaim.sign-on.back-channel-logout.timeout},
 * connecting and answering together) and follows no redirect.
 *
 * <ul>
 *   <li>2xx: delivered.</li>
 *   <li>4xx: the app refused it (Nextcloud user_oidc answers 400 when it has no such session, or the token does not
 *   check out); sending it again would get the same answer: given up, audited.</li>
 *   <li>No answer, a time-out, 5xx: tried again after 30 s, 1 min, 2 min, ... (at most 6 h between tries); after the
 *   last attempt, given up and audited. Queued tokens are rows: a restart loses none.</li>
 * </ul>
 */
@Component
public class BackChannelLogoutDelivery {

    private static final Logger log = LoggerFactory.getLogger(BackChannelLogoutDelivery.class);
    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    static final JOSEObjectType LOGOUT_TOKEN_TYPE = new JOSEObjectType("logout+jwt");
    private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    private static final Duration LONGEST_RETRY = Duration.ofHours(6);
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(2);
    /** How long a delivered or given-up token's row is kept (what it says is in the audit log when it failed). */
    static final Duration KEPT = Duration.ofDays(30);

    private final DSLContext db;
    private final SigningKeys keys;
    private final AuditLog auditLog;
    private final Clock clock;
    private final SignOnProperties.BackChannelLogout settings;
    private final HttpClient http;
    private final TransactionTemplate transaction;

    BackChannelLogoutDelivery(
            DSLContext db,
            SigningKeys keys,
            AuditLog auditLog,
            Clock clock,
            SignOnProperties properties,
            TransactionTemplate transaction) {
        this.db = db;
        this.transaction = transaction;
        this.keys = keys;
        this.auditLog = auditLog;
        this.clock = clock;
        this.settings = properties.backChannelLogout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Delivers one batch of due logout tokens; how many were tried. Rows done with for {@link #KEPT} go. */
    public int deliverDue() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<SignOnLogoutDeliveryRecord> claimed = transaction.execute(status -> claim(now));
        for (SignOnLogoutDeliveryRecord delivery : claimed) {
            Outcome outcome = send(delivery, now);
            transaction.executeWithoutResult(status -> record(delivery, outcome, now));
        }
        return claimed.size();
    }

    /** Rows done with go; due ones are claimed: their attempt counted, their next one set after a delivery's time. */
    private List<SignOnLogoutDeliveryRecord> claim(OffsetDateTime now) {
        db.deleteFrom(SIGN_ON_LOGOUT_DELIVERY)
                .where(SIGN_ON_LOGOUT_DELIVERY
                        .DELIVERED_AT
                        .lt(now.minus(KEPT))
                        .or(SIGN_ON_LOGOUT_DELIVERY.FAILED_AT.lt(now.minus(KEPT))))
                .execute();
        List<SignOnLogoutDeliveryRecord> due = db.selectFrom(SIGN_ON_LOGOUT_DELIVERY)
                .where(SIGN_ON_LOGOUT_DELIVERY.DELIVERED_AT.isNull())
                .and(SIGN_ON_LOGOUT_DELIVERY.FAILED_AT.isNull())
                .and(SIGN_ON_LOGOUT_DELIVERY.NEXT_ATTEMPT_AT.le(now))
                .orderBy(SIGN_ON_LOGOUT_DELIVERY.NEXT_ATTEMPT_AT, SIGN_ON_LOGOUT_DELIVERY.ID)
                .limit(settings.batchSize())
                .forUpdate()
                .skipLocked()
                .fetch();
        for (SignOnLogoutDeliveryRecord delivery : due) {
            delivery.setAttempts(delivery.getAttempts() + 1);
            delivery.setNextAttemptAt(now.plus(settings.timeout().multipliedBy(2)));
            delivery.store();
        }
        return due;
    }

    int batchSize() {
        return settings.batchSize();
    }

    /** What one attempt came to: delivered, refused by the app (4xx), or failed (no answer, a time-out, 5xx). */
    private record Outcome(boolean delivered, boolean refused, String failure) {}

    private Outcome send(SignOnLogoutDeliveryRecord delivery, OffsetDateTime now) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(delivery.getLogoutUri()))
                            .timeout(settings.timeout())
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Cache-Control", "no-store")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "logout_token=" + URLEncoder.encode(token(delivery, now), StandardCharsets.UTF_8)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome(true, false, null);
            }
            return new Outcome(
                    false, status >= 400 && status < 500, "HTTP " + status + ": " + oneLine(response.body(), 300));
        } catch (IOException e) {
            return new Outcome(
                    false,
                    false,
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage(), 300)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, false, "interrupted");
        }
    }

    private void record(SignOnLogoutDeliveryRecord delivery, Outcome outcome, OffsetDateTime now) {
        if (outcome.delivered()) {
            delivery.setDeliveredAt(now);
            delivery.setLastError(null);
        } else if (outcome.refused()) {
            giveUp(delivery, now, outcome.failure(), AuditAction.SIGN_ON_LOGOUT_REFUSED);
        } else if (delivery.getAttempts() >= settings.attempts()) {
            giveUp(delivery, now, outcome.failure(), AuditAction.SIGN_ON_LOGOUT_ABANDONED);
        } else {
            Duration wait = backOff(delivery.getAttempts());
            delivery.setNextAttemptAt(now.plus(wait));
            delivery.setLastError(outcome.failure());
            log.warn(
                    "Back-channel logout {} to {} failed (attempt {}), next try in {}: {}",
                    delivery.getId(),
                    delivery.getClientId(),
                    delivery.getAttempts(),
                    wait,
                    outcome.failure());
        }
        delivery.store();
    }

    private void giveUp(SignOnLogoutDeliveryRecord delivery, OffsetDateTime now, String failure, AuditAction action) {
        delivery.setFailedAt(now);
        delivery.setLastError(failure);
        log.warn(
                "Back-channel logout {} to {} given up after {} attempt(s): {}",
                delivery.getId(),
                delivery.getClientId(),
                delivery.getAttempts(),
                failure);
        auditLog.record(
                AuditLog.SYSTEM_ACTOR,
                action,
                "member:" + slugOf(delivery.getSubject()) + "/" + uidOf(delivery.getSubject()),
                AuditDetail.SIGN_ON_LOGOUT_UNDELIVERED,
                delivery.getClientId(),
                delivery.getAttempts(),
                failure);
    }

    /** The logout token: who (sub, and sid for one session), for which client, from which issuer; never a nonce. */
    private String token(SignOnLogoutDeliveryRecord delivery, OffsetDateTime now) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(delivery.getIssuer())
                .audience(delivery.getClientId())
                .issueTime(Date.from(now.toInstant()))
                .expirationTime(Date.from(now.toInstant().plus(TOKEN_LIFETIME)))
                .jwtID(delivery.getJti())
                .subject(delivery.getSubject())
                .claim("events", Map.of(EVENT, Map.of()));
        if (delivery.getSid() != null) {
            claims.claim("sid", delivery.getSid());
        }
        return keys.sign(claims.build(), LOGOUT_TOKEN_TYPE);
    }

    /** 30 s, 1 min, 2 min, ... up to 6 h between attempts. */
    static Duration backOff(int attempts) {
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }

    private static String slugOf(String subject) {
        return subject.substring(subject.lastIndexOf('@') + 1);
    }

    private static String uidOf(String subject) {
        return subject.substring(0, subject.lastIndexOf('@'));
    }

    private static String oneLine(String text, int limit) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return line.length() <= limit ? line : line.substring(0, limit);
    }
}
