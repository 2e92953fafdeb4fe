package org.essaim.security;

import org.essaim.audit.AuditAction;
import org.essaim.audit.AuditDetail;
import org.essaim.audit.AuditLog;
import org.essaim.ldap.SpaceMembers;
import org.essaim.ldap.SpacePerson;
import org.essaim.web.RateLimit;
import org.jooq.DSLContext;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import static org.essaim.db.Tables.TWO_STEP_RECOVERY_CODE;
import static org.essaim.db.Tables.TWO_STEP_SECRET;
import static org.essaim.db.Tables.TWO_STEP_SPACE_RULE;

/**
 * Two-step sign-in: after the directory password, a code from an authenticator app (TOTP, {@link Totp}) or one of
 * ten one-time recovery codes. A person enrols from their profile (or right after their password, when they must);
 * the platform may require it of staff ({@code essaim.two-step.required-for-staff}); a space's admins may require it
 * of the space's admins or of everyone in it. A wrong code counts against the same per-account failed-sign-in limit
 * as a wrong password, and against a per-account limit of its own, whatever the address: the password is already
 * known to whoever is guessing codes. A code is accepted once: replaying it in its 30-second step is refused.
 *
 * <p>Accounts are named as they sign in: a staff uid, or {@code <uid>@<space>} ({@link SpaceAccount#getName()}).
 */
@Service
public class TwoStep {

    /** What a signed-in password still needs before the session is let in. */
    public enum Need {
        NONE,
        CODE,
        ENROL
    }

    /** Whom a space requires it of. */
    public enum Rule {
        NOBODY,
        ADMINS,
        EVERYONE
    }

    /** The result of a typed code. */
    public record Check(boolean accepted, boolean throttled, long retryAfterSeconds, boolean recoveryCodeUsed) {}

    static final String SECOND_STEP_FAILURE = "two-step-failure";
    static final int RECOVERY_CODES = 10;
    private static final String RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"; // no 0/o, 1/l
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext db;
    private final Clock clock;
    private final SecretSeal seal;
    private final RateLimit rateLimit;
    private final SpaceMembers members;
    private final AuditLog auditLog;
    private final boolean requiredForStaff;
    private final int failuresPerAccountAndAddress;
    private final int secondStepFailuresPerAccount;
    private final String issuer;
    private final SignedInSessions sessions;

    TwoStep(
            DSLContext db,
            Clock clock,
            SecretSeal seal,
            RateLimit rateLimit,
            SpaceMembers members,
            AuditLog auditLog,
            SignedInSessions sessions,
            TwoStepSettings settings,
            SignInSettings signIn) {
        this.db = db;
        this.clock = clock;
        this.seal = seal;
        this.rateLimit = rateLimit;
        this.members = members;
        this.auditLog = auditLog;
        this.requiredForStaff = settings.requiredForStaff();
        this.failuresPerAccountAndAddress = signIn.failuresPerAccountAndAddress();
        this.secondStepFailuresPerAccount = settings.failuresPerAccount();
        this.issuer = settings.issuer();
        this.sessions = sessions;
    }

    // ---- who needs what --------------------------------------------------------------------------------------

    /** After the password: a code if the account has two-step on, enrolment if it must and has not, else nothing. */
    public Need need(Authentication signedIn) {
        String account = signedIn.getName();
        if (enrolled(account)) {
            return Need.CODE;
        }
        return required(signedIn) ? Need.ENROL : Need.NONE;
    }

    public boolean enrolled(String account) {
        return db.fetchExists(
                TWO_STEP_SECRET, TWO_STEP_SECRET.ACCOUNT.eq(account), TWO_STEP_SECRET.CONFIRMED_AT.isNotNull());
    }

    /** Whether the platform or the account's space requires two steps of this account. */
    public boolean required(Authentication signedIn) {
        Optional<SpaceAccount> space = SpaceAccount.of(signedIn);
        if (space.isEmpty()) {
            return requiredForStaff;
        }
        return switch (rule(space.get().slug())) {
            case NOBODY -> false;
            case EVERYONE -> true;
            case ADMINS ->
                members.find(space.get().slug(), space.get().uid())
                        .map(SpacePerson::admin)
                        .orElse(false);
        };
    }

    public boolean requiredForStaff() {
        return requiredForStaff;
    }

    public Rule rule(String slug) {
        return db.select(TWO_STEP_SPACE_RULE.REQUIRED_FOR)
                .from(TWO_STEP_SPACE_RULE)
                .where(TWO_STEP_SPACE_RULE.SPACE_SLUG.eq(slug))
                .fetchOptional(TWO_STEP_SPACE_RULE.REQUIRED_FOR)
                .orElse(Rule.NOBODY);
    }

    /** A space admin's choice; audited. People already signed in are asked at their next sign-in. */
    @Transactional
    public void changeRule(String slug, Rule rule, String actor) {
        Rule before = rule(slug);
        if (before == rule) {
            return;
        }
        if (rule == Rule.NOBODY) {
            db.deleteFrom(TWO_STEP_SPACE_RULE)
                    .where(TWO_STEP_SPACE_RULE.SPACE_SLUG.eq(slug))
                    .execute();
        } else {
            OffsetDateTime now = OffsetDateTime.now(clock);
            db.insertInto(TWO_STEP_SPACE_RULE)
                    .set(TWO_STEP_SPACE_RULE.SPACE_SLUG, slug)
                    .set(TWO_STEP_SPACE_RULE.REQUIRED_FOR, rule)
                    .set(TWO_STEP_SPACE_RULE.CHANGED_AT, now)
                    .set(TWO_STEP_SPACE_RULE.CHANGED_BY, actor)
                    .onConflict(TWO_STEP_SPACE_RULE.SPACE_SLUG)
                    .doUpdate()
                    .set(TWO_STEP_SPACE_RULE.REQUIRED_FOR, rule)
                    .set(TWO_STEP_SPACE_RULE.CHANGED_AT, now)
                    .set(TWO_STEP_SPACE_RULE.CHANGED_BY, actor)
                    .execute();
        }
        auditLog.record(
                actor,
                AuditAction.TWO_STEP_RULE_CHANGED,
                "space:" + slug,
                AuditDetail.TWO_STEP_RULE_CHANGED,
                before.name(),
                rule.name());
    }

    // ---- enrolling -------------------------------------------------------------------------------------------

    /** The secret being enrolled, as the otpauth URI and the text people type into an app that cannot scan. */
    public record Enrolment(String secretText, String uri) {
        @Override
        public String toString() {
            return "Enrolment[hidden]";
        }
    }

    /**
     * Starts (or shows again) an enrolment: a new 160-bit secret unless one is already waiting for its first code.
     * Empty when the account already has two-step on.
     */
    @Transactional
    public Optional<Enrolment> start(String account) {
        var row = db.selectFrom(TWO_STEP_SECRET)
                .where(TWO_STEP_SECRET.ACCOUNT.eq(account))
                .forUpdate()
                .fetchOne();
        if (row != null && row.getConfirmedAt() != null) {
            return Optional.empty();
        }
        byte[] secret;
        if (row != null) {
            secret = seal.open(row.getSealedSecret(), account);
        } else {
            secret = new byte[20];
            RANDOM.nextBytes(secret);
            db.insertInto(TWO_STEP_SECRET)
                    .set(TWO_STEP_SECRET.ACCOUNT, account)
                    .set(TWO_STEP_SECRET.SPACE_SLUG, spaceOf(account))
                    .set(TWO_STEP_SECRET.SEALED_SECRET, seal.seal(secret, account))
                    .set(TWO_STEP_SECRET.CREATED_AT, OffsetDateTime.now(clock))
                    .execute();
        }
        return Optional.of(enrolment(account, secret));
    }

    private Enrolment enrolment(String account, byte[] secret) {
        String text = Totp.base32(secret);
        String label = URLEncoder.encode(issuer + ":" + account, StandardCharsets.UTF_8)
                .replace("+", "%20");
        String uri = "otpauth://totp/" + label + "?secret=" + text + "&issuer="
                + URLEncoder.encode(issuer, StandardCharsets.UTF_8).replace("+", "%20")
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
        return new Enrolment(text.replaceAll("(.{4})(?!$)", "$1 "), uri);
    }

    /**
     * The first code from the app confirms the enrolment: two-step is on from then, and the recovery codes are
     * returned, in clear this once. Empty when the code is wrong (or nothing was started).
     */
    /**
     * As {@link #confirm(String, String, String)}; the account's other sessions end (as after a password change), all
     * but {@code keepSessionId}: whoever was signed in with the password alone is asked for both steps.
     */
    @Transactional
    public Optional<List<String>> confirm(String account, String code, String keepSessionId) {
        Optional<List<String>> codes = confirm(account, code);
        if (codes.isPresent()) {
            sessions.endAccount(account, keepSessionId);
        }
        return codes;
    }

    @Transactional
    Optional<List<String>> confirm(String account, String code) {
        var row = db.selectFrom(TWO_STEP_SECRET)
                .where(TWO_STEP_SECRET.ACCOUNT.eq(account))
                .and(TWO_STEP_SECRET.CONFIRMED_AT.isNull())
                .forUpdate()
                .fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        OptionalLong step = Totp.matchingStep(seal.open(row.getSealedSecret(), account), code, clock.instant());
        if (step.isEmpty()) {
            return Optional.empty();
        }
        db.update(TWO_STEP_SECRET)
                .set(TWO_STEP_SECRET.CONFIRMED_AT, OffsetDateTime.now(clock))
                .set(TWO_STEP_SECRET.LAST_USED_STEP, step.getAsLong())
                .where(TWO_STEP_SECRET.ACCOUNT.eq(account))
                .execute();
        return Optional.of(replaceRecoveryCodes(account));
    }

    /** Ten new recovery codes in place of the old ones (used or not); in clear only in what this returns. */
    @Transactional
    public List<String> replaceRecoveryCodes(String account) {
        db.deleteFrom(TWO_STEP_RECOVERY_CODE)
                .where(TWO_STEP_RECOVERY_CODE.ACCOUNT.eq(account))
                .execute();
        List<String> codes = new ArrayList<>();
        var insert =
                db.insertInto(TWO_STEP_RECOVERY_CODE, TWO_STEP_RECOVERY_CODE.ACCOUNT, TWO_STEP_RECOVERY_CODE.CODE_HASH);
        for (int i = 0; i < RECOVERY_CODES; i++) {
            StringBuilder code = new StringBuilder();
            for (int c = 0; c < 16; c++) { // 80 bits
                if (c > 0 && c % 4 == 0) {
                    code.append('-');
                }
                code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
            }
            codes.add(code.toString());
            insert = insert.values(account, recoveryHash(code.toString()));
        }
        insert.execute();
        return codes;
    }

    public int recoveryCodesLeft(String account) {
        return db.fetchCount(
                TWO_STEP_RECOVERY_CODE,
                TWO_STEP_RECOVERY_CODE.ACCOUNT.eq(account),
                TWO_STEP_RECOVERY_CODE.USED_AT.isNull());
    }

    // ---- signing in ------------------------------------------------------------------------------------------

    /**
     * Checks the second step of {@code signedIn} (who passed the password from {@code address}): a code of the
     * current step or a neighbour not used before, or an unused recovery code. Counted like a wrong password.
     */
    @Transactional
    public Check verify(Authentication signedIn, String address, String typed) {
        String account = signedIn.getName();
        List<RateLimit.Count> limits = List.of(
                new RateLimit.Count(
                        DirectoryAuthenticationProvider.FAILURE,
                        throttleKey(signedIn) + "|" + address,
                        failuresPerAccountAndAddress),
                new RateLimit.Count(SECOND_STEP_FAILURE, account, secondStepFailuresPerAccount));
        if (!rateLimit.within(limits)) {
            return new Check(false, true, rateLimit.secondsLeftInWindow(), false);
        }
        if (acceptCode(account, typed)) {
            return new Check(true, false, 0, false);
        }
        if (acceptRecoveryCode(account, typed)) {
            return new Check(true, false, 0, true);
        }
        rateLimit.allow(limits);
        return new Check(false, false, 0, false);
    }

    private boolean acceptCode(String account, String typed) {
        var row = db.selectFrom(TWO_STEP_SECRET)
                .where(TWO_STEP_SECRET.ACCOUNT.eq(account))
                .and(TWO_STEP_SECRET.CONFIRMED_AT.isNotNull())
                .fetchOne();
        if (row == null) {
            return false;
        }
        OptionalLong step = Totp.matchingStep(seal.open(row.getSealedSecret(), account), typed, clock.instant());
        // One statement decides, so two replicas given the same code at once accept it once.
        return step.isPresent()
                && db.update(TWO_STEP_SECRET)
                                .set(TWO_STEP_SECRET.LAST_USED_STEP, step.getAsLong())
                                .where(TWO_STEP_SECRET.ACCOUNT.eq(account))
                                .and(TWO_STEP_SECRET.LAST_USED_STEP.lt(step.getAsLong()))
                                .execute()
                        == 1;
    }

    private boolean acceptRecoveryCode(String account, String typed) {
        String normal = typed == null
                ? ""
                : typed.strip().toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "");
        if (normal.length() != 16) {
            return false;
        }
        return db.update(TWO_STEP_RECOVERY_CODE)
                        .set(TWO_STEP_RECOVERY_CODE.USED_AT, OffsetDateTime.now(clock))
                        .where(TWO_STEP_RECOVERY_CODE.ACCOUNT.eq(account))
                        .and(TWO_STEP_RECOVERY_CODE.CODE_HASH.eq(recoveryHash(normal)))
                        .and(TWO_STEP_RECOVERY_CODE.USED_AT.isNull())
                        .execute()
                == 1;
    }

    // ---- turning off -----------------------------------------------------------------------------------------

    /** The person turns it off themselves, proving it with a code; refused (false) when it is required of them. */
    @Transactional
    public boolean turnOff(Authentication signedIn, String address, String typed, String keepSessionId) {
        if (required(signedIn) || !verify(signedIn, address, typed).accepted()) {
            return false;
        }
        forgetAccount(signedIn.getName());
        // As after a password change: the account's other sessions end, this one stays.
        sessions.endAccount(signedIn.getName(), keepSessionId);
        return true;
    }

    /**
     * A space admin (or staff, for staff) resets someone's second step: they enrol again at their next sign-in, and
     * every session of theirs ends now (as after a password reset).
     */
    @Transactional
    public boolean reset(String account, String actor) {
        boolean had = forgetAccount(account) > 0;
        if (had) {
            // Whoever is signed in as them (perhaps whoever made the reset necessary) signs in again, both steps.
            sessions.endAccount(account, null);
            auditLog.record(
                    actor,
                    AuditAction.TWO_STEP_RESET,
                    account.contains("@") ? "member:" + account : "staff:" + account,
                    null);
        }
        return had;
    }

    /** A removed person's enrolment goes with them (a later account with the same uid starts afresh). */
    public void forget(String slug, String uid) {
        forgetAccount(new SpaceAccount(slug, uid).getName());
    }

    private int forgetAccount(String account) {
        return db.deleteFrom(TWO_STEP_SECRET)
                .where(TWO_STEP_SECRET.ACCOUNT.eq(account))
                .execute();
    }

    /** The key the password step counts failures on (DirectoryAuthenticationProvider's), for the same account. */
    static String throttleKey(Authentication signedIn) {
        return SpaceAccount.of(signedIn)
                .map(a -> "space|" + a.slug() + "|" + a.uid())
                .orElseGet(() -> "staff|" + signedIn.getName());
    }

    private static String spaceOf(String account) {
        int at = account.lastIndexOf('@');
        return at < 0 ? null : account.substring(at + 1);
    }

    private static String recoveryHash(String code) {
        return SecretToken.hash(code.toLowerCase(Locale.ROOT).replace("-", ""));
    }
}
