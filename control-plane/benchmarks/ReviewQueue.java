// On-demand load generator for review-queue.sh (not part of the test suite). Runs with the JDK alone:
//   java ReviewQueue.java <base-url> <staff-password> <campaign-id> <deep-cursor> <requests>
// Asks, one request at a time, for the review queue's first page, a filtered page, searches and a deep page, through
// the staff API (HTTP Basic) and through the staff page (signed-in session), and prints p50/p95/max per kind.

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class ReviewQueue {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String password = args[1];
        String campaign = args[2];
        String deepCursor = args[3];
        int requests = Integer.parseInt(args[4]);
        HttpClient api = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        HttpClient pages = signIn(base, password);

        Map<String, String> apiQueries = new LinkedHashMap<>();
        apiQueries.put("api first page", "/api/v1/staff/applications");
        apiQueries.put("api filtered page (campaign, flag, unassigned)",
                "/api/v1/staff/applications?campaign=" + campaign + "&flag=HIGH_BUDGET&assignee=NONE");
        apiQueries.put("api search by name", "/api/v1/staff/applications?q=" + URLEncoder.encode("chorale 42", StandardCharsets.UTF_8));
        apiQueries.put("api search by email", "/api/v1/staff/applications?q=contact-4242%40");
        apiQueries.put("api page after 9,000 rows", "/api/v1/staff/applications?after=" + deepCursor);
        Map<String, String> pageQueries = new LinkedHashMap<>();
        pageQueries.put("html first page", "/staff/applications");
        pageQueries.put("html filtered page", "/staff/applications?campaign=" + campaign + "&flag=HIGH_BUDGET&assignee=NONE");
        pageQueries.put("html search", "/staff/applications?q=" + URLEncoder.encode("chorale 42", StandardCharsets.UTF_8));

        System.out.printf("%-50s %8s %8s %8s %8s%n", "request", "p50_ms", "p95_ms", "max_ms", "total");
        for (var query : apiQueries.entrySet()) {
            measure(query.getKey(), requests, () -> api.send(HttpRequest.newBuilder(URI.create(base + query.getValue()))
                    .header("Authorization", basic).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (var query : pageQueries.entrySet()) {
            measure(query.getKey(), requests, () -> pages.send(HttpRequest.newBuilder(URI.create(base + query.getValue()))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private static final Pattern TOTAL = Pattern.compile("\"total\":(\\d+)|id=\"total\">([^<]*)<");

    private static void measure(String name, int requests, Call call) throws Exception {
        String total = "";
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> warm = call.send();
            if (warm.statusCode() != 200) {
                throw new IllegalStateException(name + ": HTTP " + warm.statusCode() + " " + warm.body());
            }
            Matcher matcher = TOTAL.matcher(warm.body());
            if (matcher.find()) {
                total = matcher.group(1) != null ? matcher.group(1) : matcher.group(2).replaceAll("[^0-9]", "");
            }
        }
        long[] times = new long[requests];
        for (int i = 0; i < requests; i++) {
            long before = System.nanoTime();
            HttpResponse<String> response = call.send();
            times[i] = System.nanoTime() - before;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(name + ": HTTP " + response.statusCode());
            }
        }
        Arrays.sort(times);
        System.out.printf("%-50s %8.1f %8.1f %8.1f %8s%n", name, at(times, 0.50), at(times, 0.95),
                times[times.length - 1] / 1e6, total);
    }

    private static double at(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static HttpClient signIn(String base, String password) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String page = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token on /login");
        }
        String form = "username=admin&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 302 || signedIn.headers().firstValue("Location").orElse("").contains("error")) {
            throw new IllegalStateException("sign-in failed");
        }
        return http;
    }
}
