package org.essaim.testing;

import org.essaim.application.ApplicationIntake;
import org.essaim.application.ApplicationRules;
import org.essaim.campaign.Campaign;
import org.essaim.campaign.Campaigns;
import org.essaim.ldap.StaffAccounts;
import org.essaim.platform.DataDirectory;
import org.jooq.DSLContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the campaign and review tests set up the same way: a fresh open campaign, applicants filing into it through
 * the services, and staff (the generated admin, or a reviewer made on demand) signed in over HTTP. A bean of every
 * {@link EssaimTest} application.
 */
public class ReviewDesk {

    private final Campaigns campaigns;
    private final ApplicationIntake intake;
    private final ApplicationRules rules;
    private final DSLContext db;
    private final DataDirectory dataDirectory;
    private final StaffAccounts staffAccounts;
    private final Environment environment;

    ReviewDesk(
            Campaigns campaigns,
            ApplicationIntake intake,
            ApplicationRules rules,
            DSLContext db,
            DataDirectory dataDirectory,
            StaffAccounts staffAccounts,
            Environment environment) {
        this.campaigns = campaigns;
        this.intake = intake;
        this.rules = rules;
        this.db = db;
        this.dataDirectory = dataDirectory;
        this.staffAccounts = staffAccounts;
        this.environment = environment;
    }

    /** Closes whatever campaign is open, then creates and opens a fresh one without a cap. */
    public Campaign openCampaign() {
        return openCampaign(null);
    }

    /** Closes whatever campaign is open, then creates and opens a fresh one of {@code cap} places (null: no cap). */
    public Campaign openCampaign(Integer cap) {
        return ApplicationFixtures.openFreshCampaign(campaigns, cap);
    }

    /** Applicants filing into the open campaign. */
    public Applicants applicants() {
        return new Applicants(intake, rules, db);
    }

    /** A staff account that reviews (made once; its password set each time). */
    public void reviewer(String uid, String displayName, String password) {
        Staff.ensure(staffAccounts, uid, displayName, password);
    }

    /** The password generated for {@code admin} at the application's first start. */
    public String adminPassword() {
        return Staff.adminPassword(dataDirectory);
    }

    /** The headers of an API call as {@code admin}. */
    public String[] asAdmin() {
        return WebClient.basic("admin", adminPassword());
    }

    /** A browser signed in as {@code admin}, its pages in {@code language}. */
    public WebClient signedInAdmin(String language) {
        return signedIn("admin", adminPassword(), language);
    }

    /** A browser signed in as {@code uid}, its pages in {@code language}. */
    public WebClient signedIn(String uid, String password, String language) {
        WebClient browser = new WebClient(environment.getRequiredProperty("local.server.port", Integer.class));
        browser.get("/login?lang=" + language);
        assertThat(browser.signIn(uid, password).statusCode()).isEqualTo(302);
        return browser;
    }
}
