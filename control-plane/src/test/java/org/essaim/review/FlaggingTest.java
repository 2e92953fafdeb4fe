package org.essaim.review;

import org.essaim.application.Applications;
import org.essaim.space.NewSpace;
import org.essaim.space.SpaceRegistry;
import org.essaim.testing.Applicants;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.ReviewDesk;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The automatic flags and their reasons, as a reviewer reads them. */
@EssaimTest
class FlaggingTest {

    @Autowired
    ReviewDesk desk;

    @Autowired
    Applications applications;

    @Autowired
    Flagging flagging;

    @Autowired
    SpaceRegistry spaces;

    @Autowired
    DSLContext db;

    @Autowired
    MessageSource messages;

    @Autowired
    TransactionTemplate transaction;

    private Applicants applicants;
    /** Makes names, emails and identifiers of this test unlike any other test's. */
    private String unique;

    @BeforeEach
    void setUp() {
        desk.openCampaign();
        applicants = desk.applicants();
        unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @Test
    void aPlainSmallAssociationHasNoFlag() {
        long id = applicants.confirmed("plain", Locale.FRENCH, f -> f.put("organisationName", "Chorale " + unique));
        assertThat(reasons(id, Locale.ENGLISH)).isEmpty();
        assertThat(applications.get(id).flags()).isEmpty();
    }

    @Test
    void excludedKindsAreFlaggedWithWhatPointsToThem() {
        long other = applicants.confirmed("other", Locale.FRENCH, f -> {
            f.put("kind", "OTHER");
            f.put("organisationName", "Atelier " + unique);
        });
        long company = applicants.confirmed(
                "sarl", Locale.FRENCH, f -> f.put("organisationName", "SARL Les Bons Outils " + unique));
        long school = applicants.confirmed(
                "ecole", Locale.FRENCH, f -> f.put("organisationName", "École Jules Ferry " + unique));
        long townHall = applicants.confirmed(
                "mairie", Locale.FRENCH, f -> f.put("organisationName", "Mairie de Saint-Ouen " + unique));

        assertThat(reasons(other, Locale.ENGLISH))
                .containsExactly(
                        "EXCLUDED_KIND: declared as «other»: check that it is not a company, a school or a town hall.");
        assertThat(reasons(company, Locale.ENGLISH))
                .containsExactly("EXCLUDED_KIND: the name holds «sarl», which usually names a company.");
        assertThat(reasons(school, Locale.FRENCH))
                .containsExactly(
                        "EXCLUDED_KIND: le nom contient « ecole », qui désigne d’ordinaire un établissement d’enseignement.");
        assertThat(reasons(townHall, Locale.ENGLISH))
                .containsExactly(
                        "EXCLUDED_KIND: the name holds «mairie», which usually names a town hall or public body.");
        assertThat(applications.get(company).flags()).containsExactly("EXCLUDED_KIND");
    }

    @Test
    void moreThanFiftyMembersAndABudgetAboveTheThresholdAreFlagged() {
        long big = applicants.confirmed("big", Locale.FRENCH, f -> {
            f.put("organisationName", "Grande fédération " + unique);
            f.put("memberCount", "51");
            f.put("annualBudget", "50001");
        });
        long atTheLimit = applicants.confirmed("limit", Locale.FRENCH, f -> {
            f.put("organisationName", "Petit club " + unique);
            f.put("memberCount", "50");
            f.put("annualBudget", "50000");
        });

        assertThat(reasons(big, Locale.ENGLISH))
                .containsExactly(
                        "MANY_MEMBERS: 51 members, more than the 50 accounts of a space.",
                        "HIGH_BUDGET: annual budget of 50,001 €, above the threshold of 50,000 €.");
        assertThat(reasons(atTheLimit, Locale.ENGLISH)).isEmpty();
    }

    @Test
    void theSameIdentifierEmailOrACloseNameAsAnotherApplicationFlagsBothWays() {
        String identifier = "W" + (100_000_000 + Math.abs(unique.hashCode() % 899_999_999));
        String email = "tresorerie-" + unique + "@example.org";
        long first = applicants.confirmed("first", Locale.FRENCH, f -> {
            f.put("organisationName", "Les Amis du Vélo " + unique);
            f.put("officialIdentifier", identifier);
            f.put("contactEmail", email);
        });
        long second = applicants.confirmed("second", Locale.FRENCH, f -> {
            f.put("organisationName", "Association des amis du velo " + unique);
            f.put("officialIdentifier", identifier);
            f.put("contactEmail", "Tresorerie-" + unique + "+essaim@Example.org");
        });

        assertThat(reasons(second, Locale.ENGLISH))
                .containsExactlyInAnyOrder(
                        "SIMILAR_IDENTIFIER: same identifier as application #" + first + " Les Amis du Vélo " + unique
                                + ".",
                        "SIMILAR_EMAIL: same contact address as application #" + first + " Les Amis du Vélo " + unique
                                + ".",
                        "SIMILAR_NAME: name close to application #" + first + " Les Amis du Vélo " + unique + ".");
        assertThat(applications.get(first).flags())
                .as("the earlier one is flagged too when the second arrives")
                .containsExactlyInAnyOrder("SIMILAR_IDENTIFIER", "SIMILAR_EMAIL", "SIMILAR_NAME");
    }

    @Test
    void lookingLikeAnExistingSpaceIsFlaggedAndASlugTakenSinceToo() {
        String email = "referente-" + unique + "@example.org";
        long id = applicants.confirmed("space", Locale.FRENCH, f -> {
            f.put("organisationName", "Repair Café " + unique);
            f.put("contactEmail", email);
        });
        String slug = applications.get(id).slug();
        transaction.executeWithoutResult(status -> spaces.register(
                new NewSpace(slug, "Repair Cafe " + unique, "fr", "Référente", email, null, null), "admin"));

        assertThat(reasons(id, Locale.ENGLISH))
                .containsExactlyInAnyOrder(
                        "SIMILAR_EMAIL: same contact address as the referent of the space Repair Cafe " + unique + " ("
                                + slug + ").",
                        "SIMILAR_NAME: name close to the space Repair Cafe " + unique + " (" + slug + ").",
                        "SLUG_TAKEN: the space «Repair Cafe " + unique + "» took the address «" + slug
                                + "» since this application was sent.");
        flagging.refresh(applications.get(id));
        assertThat(applications.get(id).flags())
                .containsExactlyInAnyOrder("SIMILAR_EMAIL", "SIMILAR_NAME", "SLUG_TAKEN");
    }

    @Test
    void theSpaceAnApplicationBecameDoesNotFlagItself() {
        long id = applicants.confirmed("self", Locale.FRENCH, f -> f.put("organisationName", "Ciné-club " + unique));
        var application = applications.get(id);
        transaction.executeWithoutResult(status -> spaces.register(
                new NewSpace(
                        application.slug(),
                        application.organisationName(),
                        "fr",
                        application.contactName(),
                        application.contactEmail(),
                        null,
                        id),
                "admin"));

        assertThat(reasons(id, Locale.ENGLISH)).isEmpty();
    }

    private List<String> reasons(long id, Locale locale) {
        return flagging.inspect(applications.get(id)).stream()
                .map(finding -> finding.flag().name() + ": "
                        + messages.getMessage(finding.reasonKey(), finding.argumentArray(), locale))
                .toList();
    }
}
