package org.essaim.browser;

import org.essaim.application.ApplicationIntake;
import org.essaim.application.ApplicationRules;
import org.essaim.campaign.CampaignSubscribers;
import org.essaim.campaign.Campaigns;
import org.essaim.db.Tables;
import org.essaim.ldap.SpaceSubtrees;
import org.essaim.ldap.StaffAccounts;
import org.essaim.space.NewSpace;
import org.essaim.space.SpaceRegistry;
import org.essaim.space.resource.AppVersions;
import org.essaim.tenant.AppCatalogue;
import org.essaim.testing.Applicants;
import org.essaim.testing.ApplicationFixtures;
import org.essaim.testing.EssaimTest;
import org.essaim.testing.Staff;
import org.essaim.testing.TestDatabase;
import org.essaim.testing.WebClient;
import org.essaim.testsupport.RequiresProgram;
import org.essaim.upgrade.RolloutViews;
import org.essaim.upgrade.Rollouts;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.essaim.db.Tables.MAIL_OUTBOX;

/**
 * Every page Essaim serves, in French and in English, on a 390 px phone and a 1280 px screen, in headless Chromium:
 * nothing scrolls sideways, no message key shows untranslated, a French page holds no English and an English page no
 * French (a few proper nouns allowed), and axe-core finds no WCAG 2.2 AA violation (tags wcag2a, wcag2aa, wcag21a,
 * wcag21aa, wcag22aa). The pages are the GET handlers of Essaim's controllers that render a view, found in Spring's
 * request mappings as {@code SpaceIsolationTest} finds them: a new page is visited without anyone adding it here
 * (or the test fails, naming the path variable it cannot fill). Each page is also saved, whole, as
 * {@code target/screenshots/pages/<language>-<width>-<page>.png} for people to look at.
 *
 * <p>The pages that only appear as the answer to a POST (a destructive form's confirmation step, a form shown again
 * with its errors, an import's preview) are found the same way, from the POST handlers that may render a view: each
 * is sent by the browser from a page of the same address, as a person's form would be ({@link #postPages()}), and
 * checked as the others, screenshots {@code post-<language>-<width>-<page>.png}; a POST handler that never answers
 * with a page of its own is listed in {@link #POST_WITHOUT_PAGE} with the reason. A new one in neither fails the test.
 *
 * <p>The test has a database of its own, so the lists show only its fixtures, whose names and texts use no word of
 * either language: what the check finds is the pages' own words.
 */
@EssaimTest
@RequiresProgram({"chromium", "chromedriver"})
class EveryPageBrowserTest {

    static final List<String> AXE_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    static final String NOT_FOUND = "(not found)";
    static final int PHONE = 390;
    static final int SCREEN = 1280;
    static final String PASSWORD = "Quokka-tamarind-lantern-42";
    private static final Pattern UNTRANSLATED = Pattern.compile("\\?\\?[A-Za-z0-9_.\\-]+\\?\\?");
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final Pattern CHOICE = Pattern.compile("\\{[A-Za-z]+:([a-z-]+(?:\\|[a-z-]+)+)}");
    private static final Pattern INVITATION = Pattern.compile("/invitations/([A-Za-z0-9_-]{43})");
    private static final Pattern JOIN_LINK = Pattern.compile("/join/([A-Za-z0-9_-]{43})");
    private static final Pattern PASSWORD_LINK = Pattern.compile("/password/link/([A-Za-z0-9_-]{43})");
    private static final Pattern IMPORT_CONFIRM =
            Pattern.compile("action=\"(/spaces/[^\"/]+/import/[A-Za-z0-9_-]{24})\"");

    /** Proper nouns and product names that are the same in both languages; removed before the words are read. */
    static final List<String> PROPER_NOUNS = List.of(
            "Collabora Online",
            "OnlyOffice Document Server",
            "OnlyOffice",
            "Nextcloud",
            "Mobilizon",
            "phpBB",
            "Essaim",
            "De facto",
            "de facto",
            "Kubernetes",
            "PostgreSQL",
            "LDAP",
            "CHATONS");

    /** Words a French page never holds (checked lower-case, word by word). */
    static final Set<String> ENGLISH = Set.copyOf(List.of(
            "the",
            "and",
            "of",
            "your",
            "you",
            "with",
            "this",
            "that",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "to",
            "for",
            "from",
            "has",
            "have",
            "had",
            "will",
            "would",
            "can",
            "cannot",
            "could",
            "should",
            "must",
            "not",
            "yes",
            "it",
            "its",
            "they",
            "their",
            "them",
            "we",
            "our",
            "us",
            "my",
            "which",
            "what",
            "when",
            "where",
            "who",
            "why",
            "how",
            "here",
            "there",
            "these",
            "those",
            "than",
            "then",
            "into",
            "about",
            "after",
            "before",
            "only",
            "also",
            "each",
            "every",
            "other",
            "some",
            "any",
            "such",
            "all",
            "none",
            "being",
            "by",
            "at",
            "in",
            "if",
            "do",
            "does",
            "did",
            "done",
            "up",
            "out",
            "off",
            "new",
            "now",
            "yet",
            "still",
            "more",
            "less",
            "most",
            "many",
            "much",
            "please",
            "sign",
            "signed",
            "space",
            "spaces",
            "member",
            "members",
            "account",
            "accounts",
            "back",
            "next",
            "send",
            "sent",
            "save",
            "saved",
            "remove",
            "delete",
            "deleted",
            "open",
            "closed",
            "close",
            "name",
            "people",
            "invite",
            "search",
            "settings",
            "storage",
            "backup",
            "backups",
            "upgrade",
            "upgrades",
            "dashboard",
            "staff",
            "review",
            "queue",
            "approve",
            "approved",
            "rejected",
            "week",
            "day",
            "days",
            "hour",
            "hours",
            "left",
            "used",
            "link",
            "links",
            "join",
            "password",
            "forgotten",
            "workspace",
            "events",
            "office",
            "waiting",
            "ready",
            "failed",
            "pending",
            "campaign",
            "campaigns",
            "state",
            "address",
            "language",
            "email",
            "emails",
            "nothing",
            "everything",
            "someone",
            "show",
            "shown",
            "choose",
            "data",
            "my",
            "profile",
            "created",
            "create",
            "waves",
            "wave"));

    /** Words an English page never holds. */
    static final Set<String> FRENCH = Set.copyOf(List.of(
            "le",
            "la",
            "les",
            "des",
            "du",
            "une",
            "et",
            "est",
            "sont",
            "vous",
            "votre",
            "vos",
            "nous",
            "notre",
            "nos",
            "pour",
            "avec",
            "dans",
            "sur",
            "pas",
            "ce",
            "cette",
            "ces",
            "qui",
            "que",
            "quand",
            "où",
            "mais",
            "ou",
            "au",
            "aux",
            "être",
            "avoir",
            "été",
            "il",
            "elle",
            "ils",
            "elles",
            "leur",
            "leurs",
            "plus",
            "tout",
            "tous",
            "toutes",
            "rien",
            "aucun",
            "aucune",
            "espace",
            "espaces",
            "compte",
            "comptes",
            "adresse",
            "membres",
            "membre",
            "envoyer",
            "supprimer",
            "connexion",
            "fermer",
            "ouvrir",
            "candidature",
            "candidatures",
            "équipe",
            "courriel",
            "mot",
            "passe",
            "jour",
            "jours",
            "heure",
            "heures",
            "semaine",
            "lien",
            "liens",
            "par",
            "sans",
            "chaque",
            "encore",
            "déjà",
            "ici",
            "son",
            "sa",
            "ses",
            "un",
            "de",
            "en",
            "aucune",
            "personnes",
            "enregistrer",
            "paramètres",
            "tableau",
            "bord",
            "journal",
            "campagne",
            "campagnes",
            "données",
            "mes",
            "mon",
            "ma"));
    /** Letters of French that English words do not use. */
    private static final Pattern FRENCH_LETTERS = Pattern.compile("[éèêëàâîïôûùüçœæÉÈÊÀÂÎÔÛÇŒ]");

    /*
     * What the page says for people, in its own language only: text (a part marked with another lang, such as the
     * language picker's other endonym, is skipped, as is code), the names and hints of elements; then its width
     * against the screen's, and the elements that stick out when it is wider.
     */
    private static final String READ_PAGE = """
            const root = document.documentElement, lang = root.lang, texts = [], names = [];
            const own = el => { const marked = el.closest('[lang]'); return !marked || marked.lang === lang; };
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
              const node = walker.currentNode, el = node.parentElement;
              if (!el || el.closest('script, style, code, [translate="no"]') || !own(el)) continue;
              if (!node.textContent.trim()) continue;
              (el.closest('option') ? names : texts).push(node.textContent);
            }
            document.querySelectorAll('[aria-label], [title], [placeholder], [alt], [data-label], input[type=submit]').forEach(el => {
              if (!own(el)) return;
              for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'data-label']) if (el.hasAttribute(a)) texts.push(el.getAttribute(a));
              if (el.type === 'submit' && el.value) texts.push(el.value);
            });
            texts.push(document.title);
            const width = root.clientWidth, wide = [];
            if (root.scrollWidth > width) {
              for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                if (r.width > 0 && r.right > width + 1) {
                  wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : '') + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
                }
              }
            }
            const error = document.querySelector('[data-error-status]');
            return {lang: lang, text: texts.join('\\n'), names: names.join('\\n'),
              error: error ? error.getAttribute('data-error-status') : null, scrollWidth: root.scrollWidth, width: width, wide: wide.slice(0, 6)};
            """;

    private static final String RUN_AXE = """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
              .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '
                  + v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | '))))
              .catch(e => done(['axe failed: ' + e]));
            """;

    enum Who {
        VISITOR,
        STAFF,
        ADMIN
    }

    record Page(Who who, String pattern, String path) {}

    /**
     * A page answered to a POST: {@code who} opens {@code from} and sends {@code fields} (and a file, for an upload)
     * to {@code action}, as that page's form would; {@code name} names its screenshot. {@code meanwhile}, when given,
     * runs once the page is open and before the form is sent: what happened elsewhere in between (another tab).
     */
    record PostPage(
            Who who,
            String pattern,
            String name,
            String from,
            String action,
            Map<String, String> fields,
            String file,
            Runnable meanwhile) {
        PostPage(Who who, String pattern, String name, String from, String action, Map<String, String> fields) {
            this(who, pattern, name, from, action, fields, null, null);
        }

        PostPage(
                Who who,
                String pattern,
                String name,
                String from,
                String action,
                Map<String, String> fields,
                String file) {
            this(who, pattern, name, from, action, fields, file, null);
        }
    }

    /** The POST handlers that never answer with a page of their own, and why; each checked to exist. */
    static final Map<String, String> POST_WITHOUT_PAGE = Map.ofEntries(
            Map.entry("/campaigns/notify", "redirects to /apply#notify, errors included (a flash attribute)"),
            Map.entry("/staff/campaigns/{id}/open", "acts and redirects to the campaigns, refusals as a flash message"),
            Map.entry("/staff/spaces/{slug}/resume", "acts and redirects to the space's page"),
            Map.entry(
                    "/staff/spaces/{slug}/delete",
                    "acts and redirects to the space's page (its confirmation is the GET page /staff/spaces/{slug}/{action})"),
            Map.entry(
                    "/staff/spaces/{slug}/quotas",
                    "redirects to the space's page, errors included (a flash attribute)"),
            Map.entry("/staff/upgrades/{id}/pause", "acts and redirects to the rollout, refusals as a flash message"),
            Map.entry("/staff/upgrades/{id}/resume", "acts and redirects to the rollout, refusals as a flash message"),
            Map.entry(
                    "/staff/upgrades/{id}/rollback", "acts and redirects to the rollout, refusals as a flash message"),
            Map.entry("/spaces/{slug}/two-step/{uid}/reset", "acts and redirects to the two-step page"),
            Map.entry(
                    "/spaces/{slug}/import/{id}",
                    "runs the import and redirects to its result; a lost preview answers the import page, visited as /spaces/{slug}/import"),
            Map.entry(
                    "/spaces/{slug}/import/runs/{runId}/finish",
                    "resumes the run and redirects to its result; answers that result page (visited by GET) only while the run still holds its lock"),
            Map.entry(
                    "/login/two-step",
                    "needs a sign-in waiting for its second step; its pages are visited by the two-step sign-in tests"),
            Map.entry(
                    "/login/two-step/confirm",
                    "needs a sign-in waiting for its second step; its pages are visited by the two-step sign-in tests"),
            Map.entry(
                    "/two-step/recovery-codes",
                    "shows new recovery codes only to an account enrolled in two-step sign-in, otherwise redirects"),
            Map.entry("/staff/two-step/reset", "shown again only with a refusal; visited with an unknown user name"));

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    SpaceRegistry registry;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    SpaceSubtrees spaceSubtrees;

    @Autowired
    DSLContext db;

    @Autowired
    ApplicationIntake intake;

    @Autowired
    ApplicationRules rules;

    @Autowired
    Campaigns campaigns;

    @Autowired
    CampaignSubscribers subscribers;

    @Autowired
    Rollouts rollouts;

    @Autowired
    RolloutViews rolloutViews;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void aDatabaseOfItsOwn(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", () -> TestDatabase.jdbcUrl("every_page"));
    }

    private final Map<String, String> values = new LinkedHashMap<>();
    private String slug;
    private String adminUid;
    private final String robinUid = "robin.zanzibar";
    private final Map<String, String> ids = new LinkedHashMap<>();
    /** Per language, an unsubscribe link and a confirmation link, each to be used once by that language's POST. */
    private final Map<String, String> emailedLinks = new LinkedHashMap<>();

    @Test
    void everyPageFitsAPhoneSpeaksOneLanguageAndPassesAxe() throws Exception {
        prepare();
        List<Page> pages = pages();
        assertThat(pages)
                .extracting(Page::pattern)
                .contains(
                        "/",
                        "/apply",
                        "/staff/applications/{id}",
                        "/spaces/{slug}/members",
                        "/invitations/{token}",
                        "/staff/dashboard");
        String axe = new ClassPathResource("axe.min.js").getContentAsString(StandardCharsets.UTF_8);
        assertThat(axe).startsWith("/*! axe v4.");

        List<String> problems = new ArrayList<>();
        Path shots = Browser.SCREENSHOTS.resolve("pages");
        long started = System.nanoTime();
        int checked = 0;
        for (Locale language : List.of(Locale.FRENCH, Locale.ENGLISH)) {
            for (Who who : Who.values()) {
                try (Browser browser = Browser.start(language)) {
                    browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
                    signIn(browser, who);
                    for (Page page : pages) {
                        if (page.who() != who) {
                            continue;
                        }
                        browser.open(origin() + page.path());
                        for (int width : List.of(PHONE, SCREEN)) {
                            browser.viewport(width, width == PHONE ? 844 : 900);
                            String where = language.getLanguage() + " " + width + "px " + page.path() + ": ";
                            problems.addAll(check(
                                    browser,
                                    language,
                                    where,
                                    axe,
                                    page.pattern().equals(NOT_FOUND)));
                            browser.fullScreenshot("pages/" + language.getLanguage() + "-" + width + "-" + name(page));
                            checked++;
                        }
                    }
                }
            }
        }
        int postsPerLanguage = 0;
        for (Locale language : List.of(Locale.FRENCH, Locale.ENGLISH)) {
            List<PostPage> posts = postPages(language);
            postsPerLanguage = posts.size();
            for (Who who : Who.values()) {
                try (Browser browser = Browser.start(language)) {
                    browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
                    signIn(browser, who);
                    for (PostPage page : posts) {
                        if (page.who() != who) {
                            continue;
                        }
                        String where = language.getLanguage() + " POST " + page.action() + " (" + page.name() + "): ";
                        String answered = post(browser, page);
                        Object redirects =
                                browser.script("return performance.getEntriesByType('navigation')[0].redirectCount");
                        if (((Number) redirects).intValue() > 0
                                || !URI.create(answered)
                                        .getPath()
                                        .equals(URI.create(origin() + page.action())
                                                .getPath())) {
                            problems.add(
                                    where + "answered by a redirect to " + answered + ", not a page: give it the "
                                            + "fields that make it answer one, or list it in POST_WITHOUT_PAGE with the reason");
                            continue;
                        }
                        for (int width : List.of(PHONE, SCREEN)) {
                            browser.viewport(width, width == PHONE ? 844 : 900);
                            problems.addAll(check(browser, language, where + width + "px: ", axe, false));
                            browser.fullScreenshot(
                                    "pages/post-" + language.getLanguage() + "-" + width + "-" + page.name());
                            checked++;
                        }
                    }
                }
            }
        }
        System.out.printf(
                "EveryPageBrowserTest: %d pages, %d pages answered to a POST, %d views checked in %d s%n",
                pages.size(),
                postsPerLanguage,
                checked,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        assertThat(Files.list(shots.toAbsolutePath()).count()).isGreaterThanOrEqualTo(checked);
        assertThat(problems).isEmpty();
    }

    /** The checks can fail: axe finds what the tags ask for (WCAG 2.2's target size too), the word check its words. */
    @Test
    void theChecksSeeWhatTheyLookFor() throws Exception {
        String axe = new ClassPathResource("axe.min.js").getContentAsString(StandardCharsets.UTF_8);
        String page = "<!DOCTYPE html><html><head><title>t</title></head><body><main><h1>t</h1>"
                + "<img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">"
                + "<p><button style=\"width:12px;height:12px;padding:0;margin:0;border:0\">a</button>"
                + "<button style=\"width:12px;height:12px;padding:0;margin:0;border:0\">b</button></p></main></body></html>";
        try (Browser browser = Browser.start(Locale.ENGLISH)) {
            browser.open("data:text/html;charset=utf-8,"
                    + URLEncoder.encode(page, StandardCharsets.UTF_8).replace("+", "%20"));
            browser.script(axe);
            @SuppressWarnings("unchecked")
            List<String> violations =
                    (List<String>) ((JavascriptExecutor) browser.driver()).executeAsyncScript(RUN_AXE, AXE_TAGS);
            assertThat(violations)
                    .anySatisfy(v -> assertThat(v).startsWith("html-has-lang"))
                    .anySatisfy(v -> assertThat(v).startsWith("image-alt"))
                    .anySatisfy(v -> assertThat(v).startsWith("target-size"));
        }
        assertThat(foreignWords("Votre espace is ready.", Locale.FRENCH, true)).hasSize(2);
        assertThat(foreignWords("Your space est prêt.", Locale.ENGLISH, true)).hasSize(2);
        assertThat(foreignWords("Écrivez à camille@the.example.org depuis Collabora Online.", Locale.FRENCH, true))
                .as("addresses and proper nouns are no one's words")
                .isEmpty();
        assertThat(foreignWords("Curaçao", Locale.ENGLISH, false)).isEmpty();
    }

    /** What is wrong with the page on screen, each line starting with {@code where}. */
    @SuppressWarnings("unchecked")
    private List<String> check(Browser browser, Locale language, String where, String axe, boolean expectError) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> read = (Map<String, Object>) browser.script(READ_PAGE);
        if (!language.getLanguage().equals(read.get("lang"))) {
            problems.add(where + "html lang is " + read.get("lang"));
        }
        long scrollWidth = ((Number) read.get("scrollWidth")).longValue();
        long width = ((Number) read.get("width")).longValue();
        if (scrollWidth > width) {
            problems.add(where + "scrolls sideways (" + scrollWidth + " px for " + width + "): " + read.get("wide"));
        }
        Matcher untranslated = UNTRANSLATED.matcher(browser.driver().getPageSource());
        while (untranslated.find()) {
            problems.add(where + "untranslated " + untranslated.group());
        }
        if (read.get("error") != null && !expectError) {
            problems.add(where + "answered the error page " + read.get("error"));
        }
        List<String> foreign = foreignWords((String) read.get("text"), language, true);
        // The names of countries and languages in a list are the JDK's for the page's language: only the words.
        foreign.addAll(foreignWords((String) read.get("names"), language, false));
        if (!foreign.isEmpty()) {
            problems.add(where + "words of the other language: " + foreign);
        }
        browser.script(axe);
        List<String> violations =
                (List<String>) ((JavascriptExecutor) browser.driver()).executeAsyncScript(RUN_AXE, AXE_TAGS);
        violations.forEach(violation -> problems.add(where + "axe " + violation));
        return problems;
    }

    /** Each word of the other language in {@code text}, with a few characters around it to find it by. */
    static List<String> foreignWords(String text, Locale language, boolean letters) {
        // Addresses, paths and directory names (ou=spaces) are no one's words.
        String rest = text.replaceAll("\\S+@\\S+|\\S*[/=]\\S*", " ");
        for (String noun : PROPER_NOUNS) {
            rest = rest.replace(noun, " ");
        }
        boolean french = language.getLanguage().equals("fr");
        List<String> found = new ArrayList<>();
        Matcher words = Pattern.compile("\\p{L}+").matcher(rest);
        while (words.find() && found.size() < 12) {
            String lower = words.group().toLowerCase(Locale.ROOT);
            if (french
                    ? ENGLISH.contains(lower)
                    : FRENCH.contains(lower)
                            || letters && FRENCH_LETTERS.matcher(lower).find()) {
                String around =
                        rest.substring(Math.max(0, words.start() - 30), Math.min(rest.length(), words.end() + 30));
                found.add(
                        words.group() + " in «" + around.replaceAll("\\s+", " ").strip() + "»");
            }
        }
        return found;
    }

    /** Every GET page of Essaim's controllers that renders a view, with who may see it and its path filled. */
    private List<Page> pages() {
        Set<String> patterns = new TreeSet<>();
        mappings.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod method) -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            boolean get = methods.isEmpty() || methods.contains(RequestMethod.GET);
            boolean ours = method.getBeanType().getPackageName().startsWith("org.essaim");
            boolean view = method.getReturnType().getParameterType().equals(String.class);
            if (get && ours && view) {
                info.getPatternValues().stream()
                        .filter(p -> !p.startsWith("/api/"))
                        .forEach(patterns::add);
            }
        });
        List<Page> pages = new ArrayList<>();
        for (String pattern : patterns) {
            Who who = pattern.startsWith("/staff")
                    ? Who.STAFF
                    : pattern.startsWith("/spaces/") || pattern.equals("/profile") ? Who.ADMIN : Who.VISITOR;
            // A variable limited to a list of words ({page:contact|legal-notice}) is one page per word.
            Matcher choice = CHOICE.matcher(pattern);
            if (choice.find()) {
                for (String word : choice.group(1).split("\\|")) {
                    String one = pattern.substring(0, choice.start()) + word + pattern.substring(choice.end());
                    pages.add(new Page(who, one, fill(one)));
                }
            } else {
                pages.add(new Page(who, pattern, fill(pattern)));
            }
        }
        // The page every unknown address ends on.
        pages.add(new Page(Who.VISITOR, NOT_FOUND, "/no-such-page"));
        return pages;
    }

    /**
     * Every POST handler of Essaim's controllers that may render a view, each either visited here (with what makes
     * it answer a page rather than act: no confirmation, fields left empty or refused; a link used up, once per
     * {@code language}, for the forms of emailed links) or in
     * {@link #POST_WITHOUT_PAGE}; a handler in neither, or an entry naming no handler, fails the test.
     */
    private List<PostPage> postPages(Locale language) {
        Set<String> patterns = new TreeSet<>();
        mappings.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod method) -> {
            boolean post = info.getMethodsCondition().getMethods().contains(RequestMethod.POST);
            boolean ours = method.getBeanType().getPackageName().startsWith("org.essaim");
            Class<?> type = method.getReturnType().getParameterType();
            boolean view = type.equals(String.class) || type.equals(ModelAndView.class);
            if (post && ours && view) {
                info.getPatternValues().stream()
                        .filter(p -> !p.startsWith("/api/"))
                        .forEach(patterns::add);
            }
        });
        String space = "/spaces/" + slug;
        String application = "/staff/applications/" + ids.get("application");
        String campaign = "/staff/campaigns/" + ids.get("campaign");
        String invitationPage = space + "/invitations";
        List<PostPage> posts = new ArrayList<>(List.of(
                // Forms shown again with their errors.
                new PostPage(
                        Who.VISITOR,
                        "/apply",
                        "apply-errors",
                        "/apply",
                        "/apply",
                        Map.of("organisationName", "", "memberCount", "-3", "annualBudget", "-1", "contactEmail", "@")),
                new PostPage(
                        Who.VISITOR,
                        "/password/forgotten",
                        "password-forgotten-errors",
                        "/password/forgotten",
                        "/password/forgotten",
                        Map.of("space", "", "email", "")),
                new PostPage(
                        Who.VISITOR,
                        "/password/link/{token}",
                        "password-link-errors",
                        values.get("/password/link/{token}"),
                        values.get("/password/link/{token}"),
                        Map.of("password", "short", "confirmation", "other")),
                new PostPage(
                        Who.VISITOR,
                        "/invitations/{token}",
                        "invitation-errors",
                        values.get("/invitations/{token}"),
                        values.get("/invitations/{token}"),
                        Map.of("displayName", "", "password", "short", "confirmation", "")),
                new PostPage(
                        Who.VISITOR,
                        "/join/{token}",
                        "join-errors",
                        values.get("/join/{token}"),
                        values.get("/join/{token}"),
                        Map.of("displayName", "", "email", "kilimanjaro")),
                // The withdrawal's question: no confirm field.
                new PostPage(
                        Who.VISITOR,
                        "/apply/status/{token}/withdraw",
                        "apply-withdraw-confirm",
                        values.get("/apply/status/{token}"),
                        values.get("/apply/status/{token}") + "/withdraw",
                        Map.of()),
                // The forms of emailed links, each sent once (a link of this language's own): leaving the notices
                // answers that it is done; confirming an address already confirmed meanwhile (another tab) says so.
                new PostPage(
                        Who.VISITOR,
                        "/campaigns/unsubscribe/{token}",
                        "unsubscribe-done",
                        emailedLinks.get("unsubscribe-" + language.getLanguage()),
                        emailedLinks.get("unsubscribe-" + language.getLanguage()),
                        Map.of()),
                new PostPage(
                        Who.VISITOR,
                        "/apply/confirm/{token}",
                        "confirm-already-confirmed",
                        emailedLinks.get("confirm-" + language.getLanguage()),
                        emailedLinks.get("confirm-" + language.getLanguage()),
                        Map.of(),
                        null,
                        () -> intake.confirm(emailedLinks
                                .get("confirm-" + language.getLanguage())
                                .substring("/apply/confirm/".length()))),
                new PostPage(
                        Who.ADMIN, "/profile", "profile-errors", "/profile", "/profile", Map.of("displayName", "")),
                new PostPage(
                        Who.ADMIN,
                        "/profile/password",
                        "profile-password-errors",
                        "/profile",
                        "/profile/password",
                        Map.of("currentPassword", "wrong-" + PASSWORD, "password", "short", "confirmation", "other")),
                new PostPage(
                        Who.ADMIN,
                        "/spaces/{slug}/members",
                        "members-create-errors",
                        space + "/members",
                        space + "/members",
                        Map.of("displayName", "", "email", "kilimanjaro")),
                new PostPage(
                        Who.ADMIN,
                        "/spaces/{slug}/invitations",
                        "invitations-errors",
                        invitationPage,
                        invitationPage,
                        Map.of("emails", "kilimanjaro")),
                new PostPage(
                        Who.ADMIN,
                        "/spaces/{slug}/settings",
                        "settings-errors",
                        space + "/settings",
                        space + "/settings",
                        Map.of("officeSuite", "ZANZIBAR")),
                new PostPage(
                        Who.ADMIN,
                        "/spaces/{slug}/two-step",
                        "space-two-step-errors",
                        space + "/two-step",
                        space + "/two-step",
                        Map.of("requiredFor", "ZANZIBAR")),
                new PostPage(
                        Who.ADMIN,
                        "/spaces/{slug}/import",
                        "import-no-file",
                        space + "/import",
                        space + "/import",
                        Map.of()),
                new PostPage(
                        Who.ADMIN,
                        "/spaces/{slug}/import",
                        "import-preview",
                        space + "/import",
                        space + "/import",
                        Map.of(),
                        "name,email\nAmani Zanzibar,amani@" + slug + ".example.org\nNoor Zanzibar,kilimanjaro\n"),
                new PostPage(Who.ADMIN, "/two-step/setup", "two-step-setup", "/two-step", "/two-step/setup", Map.of()),
                new PostPage(
                        Who.ADMIN,
                        "/two-step/confirm",
                        "two-step-confirm-errors",
                        "/two-step",
                        "/two-step/confirm",
                        Map.of("code", "000000")),
                new PostPage(
                        Who.ADMIN,
                        "/two-step/off",
                        "two-step-off-errors",
                        "/two-step",
                        "/two-step/off",
                        Map.of("password", "wrong-" + PASSWORD)),
                // Confirmation steps of destructive forms: sent without confirmed=true.
                new PostPage(
                        Who.ADMIN,
                        "/spaces/{slug}/members/{uid}/{action}",
                        "confirm-member-remove",
                        space + "/members",
                        space + "/members/" + robinUid + "/remove",
                        Map.of()),
                new PostPage(
                        Who.ADMIN,
                        "/spaces/{slug}/members/{uid}/{action}",
                        "confirm-member-disable",
                        space + "/members",
                        space + "/members/" + robinUid + "/disable",
                        Map.of()),
                new PostPage(
                        Who.ADMIN,
                        "/spaces/{slug}/invitations/{id}/{action}",
                        "confirm-invitation-revoke",
                        invitationPage,
                        invitationPage + "/" + ids.get("invitation") + "/revoke",
                        Map.of()),
                new PostPage(
                        Who.ADMIN,
                        "/spaces/{slug}/join-link",
                        "confirm-join-link-rotate",
                        invitationPage,
                        space + "/join-link",
                        Map.of()),
                new PostPage(
                        Who.ADMIN,
                        "/spaces/{slug}/join-link/off",
                        "confirm-join-link-off",
                        invitationPage,
                        space + "/join-link/off",
                        Map.of()),
                new PostPage(
                        Who.STAFF,
                        "/staff/campaigns/{id}/close",
                        "confirm-campaign-close",
                        "/staff/campaigns",
                        campaign + "/close",
                        Map.of()),
                new PostPage(
                        Who.STAFF,
                        "/staff/spaces/{slug}/suspend",
                        "confirm-space-suspend",
                        "/staff/spaces/" + slug,
                        "/staff/spaces/" + slug + "/suspend",
                        Map.of()),
                // Staff forms shown again with their errors.
                new PostPage(
                        Who.STAFF,
                        "/staff/campaigns",
                        "campaigns-errors",
                        "/staff/campaigns",
                        "/staff/campaigns",
                        Map.of("name", "", "plannedOpening", "2027-02-31", "cap", "-4")),
                new PostPage(
                        Who.STAFF,
                        "/staff/applications/{id}/assign",
                        "application-assign-errors",
                        application,
                        application + "/assign",
                        Map.of("assignee", "nobody.zanzibar")),
                new PostPage(
                        Who.STAFF,
                        "/staff/applications/{id}/notes",
                        "application-note-errors",
                        application,
                        application + "/notes",
                        Map.of("body", "")),
                new PostPage(
                        Who.STAFF,
                        "/staff/applications/{id}/decision",
                        "application-decision-errors",
                        application,
                        application + "/decision",
                        Map.of("decision", "", "reason", "")),
                new PostPage(
                        Who.STAFF,
                        "/staff/test-email",
                        "test-email-errors",
                        "/staff",
                        "/staff/test-email",
                        Map.of("recipient", "kilimanjaro")),
                new PostPage(
                        Who.STAFF,
                        "/staff/upgrades",
                        "upgrades-errors",
                        "/staff/upgrades",
                        "/staff/upgrades",
                        Map.of("workspace", "", "office", "", "events", "", "forum", "")),
                new PostPage(
                        Who.STAFF,
                        "/staff/two-step/reset",
                        "staff-two-step-reset-unknown",
                        "/staff/two-step",
                        "/staff/two-step/reset",
                        Map.of("uid", "nobody.zanzibar"))));
        // The reset is listed above as visited; it answers a page only when refused, which is what is sent.
        Map<String, String> without = new LinkedHashMap<>(POST_WITHOUT_PAGE);
        without.remove("/staff/two-step/reset");
        Set<String> visited = new TreeSet<>();
        posts.forEach(page -> visited.add(page.pattern()));
        List<String> unlisted = patterns.stream()
                .filter(p -> !visited.contains(p) && !without.containsKey(p))
                .toList();
        assertThat(unlisted)
                .as("POST handlers that may render a view, neither visited by postPages() nor listed in "
                        + "POST_WITHOUT_PAGE with the reason")
                .isEmpty();
        assertThat(visited)
                .as("postPages() names only POST handlers that exist")
                .isSubsetOf(patterns);
        assertThat(without.keySet())
                .as("POST_WITHOUT_PAGE names only POST handlers that exist")
                .isSubsetOf(patterns);
        assertThat(posts).extracting(PostPage::from).doesNotContainNull();
        return posts;
    }

    /*
     * Sends a form from the page the browser is on, as its own form would (the CSRF token of the page, a file
     * through the file input's own API), and waits for the answer to load; returns the address it ended on.
     */
    private static final String SEND_FORM = """
            const [action, fields, file] = arguments;
            const own = [...document.forms].find(f => f.method === 'post'
                && new URL(f.action, location.href).pathname === new URL(action, location.href).pathname);
            const token = document.querySelector('input[name="_csrf"]');
            // A page with no such form nor any token has nothing a person could send: sending one anyway is refused
            // (403) by the CSRF check, which says nothing about the page.
            if (!own && !token) throw new Error('no form to ' + action + ' on ' + location.pathname + ', nor a CSRF token');
            const form = own || document.createElement('form');
            form.method = 'post';
            form.action = action;
            form.noValidate = true;
            const add = (name, value) => { const i = document.createElement('input'); i.type = 'hidden'; i.name = name;
              i.value = value; form.appendChild(i); };
            if (!own && token) add('_csrf', token.value);
            for (const [name, value] of Object.entries(fields)) {
              const present = form.elements.namedItem(name);
              if (present && present.type !== 'radio' && present.type !== 'checkbox' && present.length === undefined) present.value = value;
              else add(name, value);
            }
            if (file !== null) {
              form.enctype = 'multipart/form-data';
              const input = form.querySelector('input[type="file"][name="file"]') || document.createElement('input');
              input.type = 'file';
              input.name = 'file';
              const files = new DataTransfer();
              files.items.add(new File([file], 'people.csv', {type: 'text/csv'}));
              input.files = files.files;
              if (!input.parentNode) form.appendChild(input);
            }
            window.essaimSending = true;
            if (!own) document.body.appendChild(form);
            form.submit();
            """;

    private String post(Browser browser, PostPage page) {
        browser.open(origin() + page.from());
        if (page.meanwhile() != null) {
            page.meanwhile().run();
        }
        browser.script(SEND_FORM, page.action(), page.fields(), page.file());
        browser.waitFor(driver -> Boolean.TRUE.equals(((JavascriptExecutor) driver)
                .executeScript("return window.essaimSending === undefined && document.readyState === 'complete'")));
        return browser.driver().getCurrentUrl();
    }

    private String fill(String pattern) {
        String known = values.get(pattern);
        if (known != null) {
            return known;
        }
        Matcher matcher = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String value = switch (matcher.group(1)) {
                case "slug" -> slug;
                case "uid" -> robinUid;
                // The id of what the path names, and the destructive action whose confirmation the page asks for.
                case "id" ->
                    pattern.contains("/invitations/")
                            ? ids.get("invitation")
                            : pattern.contains("/campaigns/")
                                    ? ids.get("campaign")
                                    : pattern.contains("/applications/")
                                            ? ids.get("application")
                                            : pattern.contains("/upgrades/") ? ids.get("rollout") : null;
                case "action" ->
                    pattern.contains("/invitations/")
                            ? "revoke"
                            : pattern.contains("/members/")
                                    ? "remove"
                                    : pattern.contains("/campaigns/")
                                            ? "close"
                                            : pattern.contains("/spaces/") ? "suspend" : null;
                default ->
                    throw new AssertionError("No value for {" + matcher.group(1) + "} in " + pattern
                            + ": give EveryPageBrowserTest.prepare() one, so the page is visited");
            };
            if (value == null) {
                throw new AssertionError("No value for {" + matcher.group(1) + "} in " + pattern
                        + ": give EveryPageBrowserTest.prepare() one, so the page is visited");
            }
            matcher.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private static String name(Page page) {
        String name = page.pattern()
                .replaceAll("[{}]", "")
                .replaceAll("[^A-Za-z0-9]+", "-")
                .replaceAll("^-|-$", "");
        return name.isEmpty() ? "home" : name;
    }

    private String origin() {
        return "http://localhost:" + port;
    }

    private void signIn(Browser browser, Who who) {
        if (who == Who.VISITOR) {
            return;
        }
        browser.open(origin() + "/login");
        if (who == Who.ADMIN) {
            browser.find("#space").sendKeys(slug);
            browser.find("#username").sendKeys(adminUid);
        } else {
            browser.find("#username").sendKeys("pages");
        }
        browser.find("#password").sendKeys(PASSWORD);
        browser.find("main form button[type=submit]").click();
        browser.waitFor(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
        assertThat(browser.driver().findElements(By.cssSelector("form[action='/logout']")))
                .isNotEmpty();
    }

    /** A space with its admin and every kind of link and record the pages show. */
    private void prepare() throws Exception {
        Staff.ensure(staffAccounts, "pages", "Dominique Zanzibar", PASSWORD);
        // Names without a word of either language, nor random letters that could make one.
        slug = "hortus";
        String referent = "camille@" + slug + ".example.org";
        transaction.executeWithoutResult(status -> registry.register(
                new NewSpace(slug, "Hortus Zanzibar", "fr", "Camille Martin", referent, null, null), "admin"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!spaceSubtrees.hasSpace(slug)) {
            assertThat(System.nanoTime()).as("the space's directory subtree").isLessThan(deadline);
            Thread.sleep(50);
        }
        HttpResponse<String> accepted = new WebClient(port)
                .submit(
                        "/login",
                        "/invitations/" + link(referent, INVITATION),
                        Map.of("displayName", "Camille Martin", "password", PASSWORD, "confirmation", PASSWORD));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        adminUid = "camille.martin";

        WebClient admin = new WebClient(port);
        HttpResponse<String> signedIn =
                admin.submit("/login", "/login", Map.of("space", slug, "username", adminUid, "password", PASSWORD));
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/spaces/" + slug));
        String guest = "kim@" + slug + ".example.org";
        admin.submit(
                "/spaces/" + slug + "/invitations",
                "/spaces/" + slug + "/invitations",
                Map.of("emails", guest + "\nalex@" + slug + ".example.org"));
        values.put("/invitations/{token}", "/invitations/" + link(guest, INVITATION));
        ids.put(
                "invitation",
                String.valueOf(db.fetchValue(Tables.MEMBER_INVITATION.ID, Tables.MEMBER_INVITATION.EMAIL.eq(guest))));
        admin.submit("/spaces/" + slug + "/invitations", "/spaces/" + slug + "/join-link", Map.of());
        Matcher join =
                JOIN_LINK.matcher(admin.get("/spaces/" + slug + "/invitations").body());
        assertThat(join.find()).as("the new join link").isTrue();
        values.put("/join/{token}", "/join/" + join.group(1));
        new WebClient(port)
                .submit(
                        "/join/" + join.group(1),
                        "/join/" + join.group(1),
                        Map.of("displayName", "Sasha Zanzibar", "email", "sasha@" + slug + ".example.org"));

        byte[] csv = ("name,email\nRobin Zanzibar,robin@" + slug + ".example.org\nNoor Zanzibar,kilimanjaro\n")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> preview =
                admin.upload("/spaces/" + slug + "/import", "/spaces/" + slug + "/import", "file", "people.csv", csv);
        Matcher confirm = IMPORT_CONFIRM.matcher(preview.body());
        assertThat(confirm.find()).as("an import preview in " + preview.body()).isTrue();
        HttpResponse<String> run =
                admin.postForm(confirm.group(1), Map.of("_csrf", WebClient.csrfToken(preview.body())));
        values.put(
                "/spaces/{slug}/import/runs/{runId}",
                URI.create(run.headers().firstValue("Location").orElseThrow()).getPath());

        new WebClient(port)
                .submit("/password/forgotten", "/password/forgotten", Map.of("space", slug, "email", referent));
        values.put("/password/link/{token}", "/password/link/" + link(referent, PASSWORD_LINK));

        String subscriber = "sasha@kilimanjaro.example.org";
        ApplicationFixtures.closeAnyOpenCampaign(campaigns);
        new WebClient(port).submit("/apply", "/campaigns/notify", Map.of("email", subscriber));
        String unsubscribe = ApplicationFixtures.lastMail(db, subscriber, "campaign-subscribed")
                .orElseThrow();
        Matcher token =
                Pattern.compile("/campaigns/unsubscribe/([A-Za-z0-9_-]{43})").matcher(unsubscribe);
        assertThat(token.find()).as("an unsubscribe link").isTrue();
        assertThat(subscribers.listed(token.group(1)))
                .as("listed until the campaign opens")
                .isTrue();

        long campaign = campaigns.create("Zanzibar 2027", null, "40", "pages").id();
        campaigns.open(campaign, "pages");
        ids.put("campaign", String.valueOf(campaign));
        Applicants applicants = new Applicants(intake, rules, db);
        long application = applicants.confirmed("hortus", Locale.FRENCH, form -> {
            form.put("organisationName", "Hortus Zanzibar Kilimanjaro");
            form.put("purpose", "Hortus communis: semina, horti, festa.");
            form.put("whyNotPaid", "Pecunia nulla.");
            form.put("contactName", "Robin Okonkwo");
            form.put("slug", "zanzibar");
            form.put("contactEmail", "robin@zanzibar.example.org");
        });
        values.put("/staff/applications/{id}", "/staff/applications/" + application);
        ids.put("application", String.valueOf(application));
        String contact = db.select(Tables.APPLICATION.CONTACT_EMAIL)
                .from(Tables.APPLICATION)
                .where(Tables.APPLICATION.ID.eq(application))
                .fetchSingle(Tables.APPLICATION.CONTACT_EMAIL);
        values.put("/apply/status/{token}", "/apply/status/" + ApplicationFixtures.statusToken(db, contact));
        long unconfirmed = applicants.submit("hortus", Locale.FRENCH, form -> {
            form.put("organisationName", "Hortus Zanzibar Serengeti");
            form.put("slug", "serengeti");
            form.put("contactEmail", "noor@serengeti.example.org");
            form.put("purpose", "Hortus communis: semina, horti, festa.");
            form.put("whyNotPaid", "Pecunia nulla.");
        });
        String unconfirmedContact = db.select(Tables.APPLICATION.CONTACT_EMAIL)
                .from(Tables.APPLICATION)
                .where(Tables.APPLICATION.ID.eq(unconfirmed))
                .fetchSingle(Tables.APPLICATION.CONTACT_EMAIL);
        values.put(
                "/apply/confirm/{token}",
                "/apply/confirm/" + ApplicationFixtures.confirmationToken(db, unconfirmedContact));

        // Opening the campaign told the list and emptied it: the subscribers whose link is used once per language
        // come after, and so does the one the GET page shows, listed, with its button.
        for (String language : List.of("fr", "en", "get")) {
            String address = "sasha-" + language + "@kilimanjaro.example.org";
            subscribers.subscribe(address, Locale.FRENCH);
            String link = "/campaigns/unsubscribe/" + ApplicationFixtures.unsubscribeToken(db, address);
            if (language.equals("get")) {
                values.put("/campaigns/unsubscribe/{token}", link);
            } else {
                emailedLinks.put("unsubscribe-" + language, link);
            }
        }
        for (String river : List.of("okavango", "limpopo")) {
            String email = "noor@" + river + ".example.org";
            applicants.submit("hortus", Locale.FRENCH, form -> {
                form.put(
                        "organisationName",
                        "Hortus Zanzibar " + river.substring(0, 1).toUpperCase(Locale.ROOT) + river.substring(1));
                form.put("slug", river);
                form.put("contactEmail", email);
                form.put("purpose", "Hortus communis: semina, horti, festa.");
                form.put("whyNotPaid", "Pecunia nulla.");
            });
            emailedLinks.put(
                    "confirm-" + (river.equals("okavango") ? "fr" : "en"),
                    "/apply/confirm/" + ApplicationFixtures.confirmationToken(db, email));
        }

        long rollout = rolloutViews.recent(1).stream()
                .findFirst()
                .map(r -> r.id())
                .orElseGet(() -> {
                    AppVersions defaults = AppCatalogue.pinned().defaults();
                    long id = rollouts.start(
                                    new AppVersions("32.0.1", defaults.office(), defaults.events(), defaults.forum()),
                                    "pages")
                            .id();
                    rollouts.rollBack(id, "pages");
                    return id;
                });
        values.put("/staff/upgrades/{id}", "/staff/upgrades/" + rollout);
        ids.put("rollout", String.valueOf(rollout));
    }

    private String link(String email, Pattern pattern) {
        String body = db.select(MAIL_OUTBOX.BODY)
                .from(MAIL_OUTBOX)
                .where(MAIL_OUTBOX.RECIPIENT.eq(email))
                .orderBy(MAIL_OUTBOX.ID.desc())
                .limit(1)
                .fetchOne(MAIL_OUTBOX.BODY);
        assertThat(body).as("an email to " + email).isNotNull();
        Matcher matcher = pattern.matcher(body);
        assertThat(matcher.find()).as("a link in " + body).isTrue();
        return matcher.group(1);
    }

    static {
        try {
            Files.createDirectories(Browser.SCREENSHOTS.resolve("pages"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
