package org.essaim.member;

import org.essaim.platform.DataDirectory;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.essaim.testing.WebClient;
import org.jooq.Record3;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.MAIL_OUTBOX;

/**
 * People are told what they need to know, in their space's language, through the outbox: the admins when someone
 * asks to join; the referent when staff suspend, resume or delete the space. Every page's footer leads to the
 * operator's contact, legal notice, privacy policy and accessibility statement, or says plainly they are missing.
 */
@EssaimTest
class PeopleToldTest extends SpaceTestSupport {

    private static final Pattern JOIN_LINK = Pattern.compile("/join/([A-Za-z0-9_-]{43})");

    @Autowired
    DataDirectory dataDirectory;

    @Test
    void theAdminsAreToldWhenSomeoneAsksToJoinOnceAndNotForARepeat() {
        String slug = fixtures.spaceWithAdmin("told");
        WebClient admin = fixtures.signedIn(slug, "camille.referente");
        String referent = SpaceFixtures.referent(slug);
        spaceMembers.create(slug, "ines", "Inès", "ines@" + slug + ".example.org");
        spaceMembers.promote(slug, "ines");
        spaceMembers.create(slug, "paul", "Paul", "paul@" + slug + ".example.org");
        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/join-link", Map.of());
        Matcher link =
                JOIN_LINK.matcher(admin.get("/spaces/" + slug + "/invitations").body());
        assertThat(link.find()).isTrue();
        int before = fixtures.mailsTo(referent);

        WebClient visitor = new WebClient(port);
        String join = "/join/" + link.group(1);
        visitor.submit(join, join, Map.of("displayName", "Jo Nas", "email", "jo@" + slug + ".example.org"));
        Record3<String, String, String> mail = db.select(MAIL_OUTBOX.TEMPLATE, MAIL_OUTBOX.SUBJECT, MAIL_OUTBOX.BODY)
                .from(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.RECIPIENT.eq(referent))
                .orderBy(MAIL_OUTBOX.ID.desc())
                .limit(1)
                .fetchOne();
        assertThat(fixtures.mailsTo(referent)).isEqualTo(before + 1);
        assertThat(mail.value1()).isEqualTo("join-requested");
        assertThat(mail.value2()).isEqualTo("Quelqu’un demande à rejoindre Les Amis de " + slug);
        assertThat(mail.value3())
                .contains("Jo Nas (jo@" + slug + ".example.org) a demandé à rejoindre")
                .contains("/spaces/" + slug + "/invitations")
                .contains("7 jours");
        assertThat(fixtures.mailsTo("ines@" + slug + ".example.org"))
                .as("every admin")
                .isEqualTo(1);
        assertThat(fixtures.mailsTo("paul@" + slug + ".example.org"))
                .as("not members")
                .isZero();

        visitor.submit(join, join, Map.of("displayName", "Jo Nas", "email", "jo@" + slug + ".example.org"));
        assertThat(fixtures.mailsTo(referent))
                .as("asking twice tells nobody twice")
                .isEqualTo(before + 1);
    }

    @Test
    void theReferentIsToldOfASuspensionAResumptionAndADeletionWithTheDayOfErasure() {
        String slug = fixtures.approvedSpace("toldstaff");
        String referent = SpaceFixtures.referent(slug);
        WebClient staff = new WebClient(port);
        assertThat(staff.signIn("admin", Staff.adminPassword(dataDirectory)).statusCode())
                .isEqualTo(302);
        String space = "/staff/spaces/" + slug;

        staff.submit(space, space + "/suspend", Map.of("confirmed", "true"));
        assertThat(latest(referent))
                .startsWith("space-suspended|Votre espace Les Amis de " + slug + " est suspendu|")
                .contains("Rien n’est effacé")
                .contains("/about/contact");
        staff.submit(space, space + "/resume", Map.of());
        assertThat(latest(referent))
                .startsWith("space-resumed|Votre espace Les Amis de " + slug + " fonctionne à nouveau|")
                .contains("/spaces/" + slug);
        staff.submit(space, space + "/delete", Map.of("confirm", slug));
        String erasedOn = LocalDate.now(clock.withZone(ZoneId.of("Europe/Paris")))
                .plusDays(30)
                .format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(Locale.FRENCH));
        assertThat(latest(referent))
                .startsWith("space-deleted|Votre espace Les Amis de " + slug + " va être supprimé|")
                .contains("effacées définitivement le " + erasedOn);
        assertThat(fixtures.mailsTo(referent))
                .as("the invitation and three notices")
                .isEqualTo(4);
    }

    @Test
    void everyPageLeadsToThePlatformsPoliciesAndSaysPlainlyWhatIsMissing() {
        WebClient visitor = new WebClient(port);
        for (String path : new String[] {"/", "/apply", "/login"}) {
            assertThat(visitor.get(path, "Accept-Language", "en").body())
                    .as(path)
                    .contains("id=\"platform-links\"")
                    .contains("href=\"/about/legal-notice\"")
                    .contains("href=\"/about/privacy-policy\"")
                    .contains("href=\"/about/accessibility\"")
                    .contains("href=\"/about/contact\"");
        }
        assertThat(visitor.get("/about/legal-notice", "Accept-Language", "fr").body())
                .contains("n’a pas encore publié ses mentions légales")
                .contains("id=\"no-contact\"");
        assertThat(visitor.get("/about/accessibility", "Accept-Language", "en").body())
                .contains("has not published its accessibility statement yet");
        assertThat(visitor.get("/about/nothing-such").statusCode()).isEqualTo(404);
    }

    private String latest(String recipient) {
        Record3<String, String, String> mail = db.select(MAIL_OUTBOX.TEMPLATE, MAIL_OUTBOX.SUBJECT, MAIL_OUTBOX.BODY)
                .from(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.RECIPIENT.eq(recipient))
                .orderBy(MAIL_OUTBOX.ID.desc())
                .limit(1)
                .fetchOne();
        return mail.value1() + "|" + mail.value2() + "|" + mail.value3();
    }
}
