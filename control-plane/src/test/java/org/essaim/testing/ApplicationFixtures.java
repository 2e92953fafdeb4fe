package org.essaim.testing;

import org.essaim.application.ApplicationDraft;
import org.essaim.campaign.Campaign;
import org.essaim.campaign.Campaigns;
import org.jooq.DSLContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.essaim.db.Tables.MAIL_OUTBOX;

/** Valid applications, campaigns and the links of the emails, for tests. */
public final class ApplicationFixtures {

    public static final String TEST_ACTOR = "test-setup";
    private static final Pattern CONFIRM_LINK = Pattern.compile("/apply/confirm/([A-Za-z0-9_-]{43})");
    private static final Pattern STATUS_LINK = Pattern.compile("/apply/status/([A-Za-z0-9_-]{43})");
    private static final Pattern UNSUBSCRIBE_LINK = Pattern.compile("/campaigns/unsubscribe/([A-Za-z0-9_-]{43})");

    private ApplicationFixtures() {}

    /** A slug no other test uses: {@code prefix} and 8 random characters. */
    public static String uniqueSlug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /**
     * An organisation name unlike any other test's: "Association" and twelve random letters, so that no two
     * fixtures look alike to the flags (which compare names without the common words).
     */
    public static String uniqueName() {
        StringBuilder letters = new StringBuilder();
        for (char c :
                UUID.randomUUID().toString().replace("-", "").substring(0, 12).toCharArray()) {
            letters.append((char) ('a' + Character.digit(c, 16)));
        }
        return "Association " + Character.toUpperCase(letters.charAt(0)) + letters.substring(1);
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "-" + UUID.randomUUID() + "@example.org";
    }

    /** The fields of a valid form, as posted. */
    public static Map<String, String> validForm(String slug, String email) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("organisationName", uniqueName());
        fields.put("kind", "ASSOCIATION");
        fields.put("officialIdentifier", "");
        fields.put("country", "FR");
        fields.put("mainLanguage", "fr");
        fields.put("purpose", "Un jardin partagé dans le quartier, des ateliers de semis et une fête des récoltes.");
        fields.put("memberCount", "24");
        fields.put("annualBudget", "3 500");
        fields.put("whyNotPaid", "Nos cotisations couvrent à peine les semences.");
        fields.put("slug", slug);
        fields.put("contactName", "Camille Martin");
        fields.put("contactEmail", email);
        fields.put("charterAccepted", "true");
        fields.put("website", "");
        fields.put("submissionKey", UUID.randomUUID().toString());
        return fields;
    }

    public static ApplicationDraft validDraft(String slug, String email) {
        Map<String, String> f = validForm(slug, email);
        return new ApplicationDraft(
                f.get("organisationName"),
                f.get("kind"),
                f.get("officialIdentifier"),
                f.get("country"),
                f.get("mainLanguage"),
                f.get("purpose"),
                f.get("memberCount"),
                f.get("annualBudget"),
                f.get("whyNotPaid"),
                f.get("slug"),
                f.get("contactName"),
                f.get("contactEmail"),
                "true",
                "",
                null);
    }

    /** The JSON body of a valid API application. */
    public static String validJson(String slug, String email) {
        return """
                {"organisationName": "%s", "kind": "DE_FACTO_COLLECTIVE", "officialIdentifier": "W751234567",
                 "country": "BE", "mainLanguage": "fr",
                 "purpose": "Une épicerie solidaire tenue par des bénévoles, des repas partagés chaque mois.",
                 "memberCount": 18, "annualBudget": 4200, "whyNotPaid": "Aucun budget pour des outils numériques.",
                 "slug": "%s", "contactName": "Sacha Roux", "contactEmail": "%s", "charterAccepted": true}
                """.formatted(uniqueName(), slug, email);
    }

    /** Closes whatever campaign is open, then creates and opens a fresh one. */
    public static Campaign openFreshCampaign(Campaigns campaigns, Integer cap) {
        closeAnyOpenCampaign(campaigns);
        Campaign created = campaigns.create(
                "Campagne " + UUID.randomUUID().toString().substring(0, 8),
                null,
                cap == null ? null : cap.toString(),
                TEST_ACTOR);
        return campaigns.open(created.id(), TEST_ACTOR);
    }

    public static void closeAnyOpenCampaign(Campaigns campaigns) {
        campaigns.current().ifPresent(open -> campaigns.close(open.id(), TEST_ACTOR));
    }

    /** The body of the newest email to {@code recipient} from {@code template}. */
    public static Optional<String> lastMail(DSLContext db, String recipient, String template) {
        return db.select(MAIL_OUTBOX.BODY)
                .from(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.RECIPIENT.eq(recipient))
                .and(MAIL_OUTBOX.TEMPLATE.eq(template))
                .orderBy(MAIL_OUTBOX.ID.desc())
                .limit(1)
                .fetchOptional(MAIL_OUTBOX.BODY);
    }

    public static int mailCount(DSLContext db, String recipient, String template) {
        return db.fetchCount(MAIL_OUTBOX, MAIL_OUTBOX.RECIPIENT.eq(recipient).and(MAIL_OUTBOX.TEMPLATE.eq(template)));
    }

    public static String confirmationToken(DSLContext db, String recipient) {
        return token(lastMail(db, recipient, "application-confirm"), CONFIRM_LINK, "confirmation");
    }

    public static String statusToken(DSLContext db, String recipient) {
        return token(lastMail(db, recipient, "application-received"), STATUS_LINK, "status");
    }

    public static String unsubscribeToken(DSLContext db, String recipient) {
        return token(lastMail(db, recipient, "campaign-subscribed"), UNSUBSCRIBE_LINK, "unsubscribe");
    }

    private static String token(Optional<String> body, Pattern link, String what) {
        Matcher matcher = link.matcher(body.orElseThrow(() -> new AssertionError("no " + what + " email")));
        if (!matcher.find()) {
            throw new AssertionError("no " + what + " link in " + body.get());
        }
        return matcher.group(1);
    }
}
