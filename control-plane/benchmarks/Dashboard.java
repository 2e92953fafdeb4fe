// On-demand load generator for dashboard.sh (not part of the test suite). Runs with the JDK alone:
//   java Dashboard.java <base-url> <staff-password> <requests>
// Signs in as admin, then asks for /staff/dashboard one request at a time, in French and in English, and prints
// p50/p95/max per language and the number of pictures on the page (5 expected).

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Dashboard {

    private static final int WARM_UP = 30;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String password = args[1];
        int requests = Integer.parseInt(args[2]);
        HttpClient session = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        signIn(session, base, password);
        System.out.printf("%-28s %8s %8s %8s %9s%n", "request", "p50_ms", "p95_ms", "max_ms", "pictures");
        for (String language : new String[] {"fr", "en"}) {
            HttpRequest page = HttpRequest.newBuilder(URI.create(base + "/staff/dashboard?lang=" + language)).GET().build();
            long[] times = new long[requests];
            String body = "";
            for (int i = -WARM_UP; i < requests; i++) {
                long before = System.nanoTime();
                HttpResponse<String> response = session.send(page, HttpResponse.BodyHandlers.ofString());
                long took = System.nanoTime() - before;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + response.statusCode() + " for the dashboard");
                }
                if (i >= 0) {
                    times[i] = took;
                }
                body = response.body();
            }
            Arrays.sort(times);
            long pictures = Pattern.compile("<svg ").matcher(body).results().count();
            System.out.printf("%-28s %8.1f %8.1f %8.1f %9d%n", "dashboard (" + language + ")", at(times, 0.50),
                    at(times, 0.95), times[times.length - 1] / 1e6, pictures);
        }
    }

    private static double at(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static void signIn(HttpClient session, String base, String password) throws Exception {
        String form = session.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on /login");
        }
        String fields = "username=admin&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = session.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(fields)).build(), HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 302 || signedIn.headers().firstValue("Location").orElse("").contains("error")) {
            throw new IllegalStateException("sign-in failed");
        }
    }
}
