package org.essaim.testing;

import org.essaim.application.ApplicationDraft;
import org.essaim.application.ApplicationIntake;
import org.essaim.application.ApplicationRules;
import org.essaim.db.Tables;
import org.jooq.DSLContext;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** Files and confirms applications through the services, as an applicant would through the pages. */
public final class Applicants {

    private final ApplicationIntake intake;
    private final ApplicationRules rules;
    private final DSLContext db;

    public Applicants(ApplicationIntake intake, ApplicationRules rules, DSLContext db) {
        this.intake = intake;
        this.rules = rules;
        this.db = db;
    }

    /** A submitted, unconfirmed application; {@code changes} edits the valid form's fields. Returns its id. */
    public long submit(String slugPrefix, Locale language, Consumer<Map<String, String>> changes) {
        Map<String, String> f = ApplicationFixtures.validForm(
                ApplicationFixtures.uniqueSlug(slugPrefix), ApplicationFixtures.uniqueEmail(slugPrefix));
        changes.accept(f);
        ApplicationDraft draft = new ApplicationDraft(
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
                f.get("charterAccepted"),
                "",
                null);
        return intake.submit(rules.validate(draft), language, null).id();
    }

    /** A submitted and confirmed application, in the review queue. */
    public long confirmed(String slugPrefix, Locale language, Consumer<Map<String, String>> changes) {
        long id = submit(slugPrefix, language, changes);
        confirm(id);
        return id;
    }

    public long confirmed(String slugPrefix) {
        return confirmed(slugPrefix, Locale.FRENCH, f -> {});
    }

    public void confirm(long id) {
        String email = db.select(Tables.APPLICATION.CONTACT_EMAIL)
                .from(Tables.APPLICATION)
                .where(Tables.APPLICATION.ID.eq(id))
                .fetchSingle(Tables.APPLICATION.CONTACT_EMAIL);
        ApplicationIntake.Confirmation confirmation = intake.confirm(ApplicationFixtures.confirmationToken(db, email));
        if (confirmation.state() != ApplicationIntake.ConfirmationState.READY) {
            throw new AssertionError("application " + id + " not confirmed: " + confirmation.state());
        }
    }
}
