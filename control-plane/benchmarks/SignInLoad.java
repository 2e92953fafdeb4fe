// On-demand load generator for sign-in.sh (not part of the test suite).
//   java SignInLoad.java <url> <user> <password-file> <clients> <warm-up-seconds> <seconds>
// CLIENTS threads GET the URL with HTTP Basic, one request after the other on their own keep-alive connection, for
// the warm-up and then the measured period: every request is a full sign-in (the API keeps no session).
//   java -cp 'nimbus-jose-jwt-*.jar' SignInLoad.java code-flow <essaim-url> <client-id> <secret-file> <redirect-uri>
//        <space> <user> <password-file> <clients> <warm-up-seconds> <seconds>
// CLIENTS threads each act as a new browser and its app, one sign-in after the other, through the whole OpenID
// Connect authorization code flow: GET /oauth2/authorize (state, nonce, PKCE S256) -> the space's sign-in page (its
// session cookie and CSRF token) -> POST /login with the member's password -> back to /oauth2/authorize -> the code at
// the redirect address -> POST /oauth2/token with the client's secret and the PKCE verifier -> the ID token verified
// (RS256 signature against the published JWKS, issuer, audience, nonce, expiry). Only a verified ID token counts.
// Nimbus JOSE+JWT (shipped in the application's jar) only checks the signature; everything else is the JDK's.
// Prints one "key value" per line: successful sign-ins per second, their p50/p99 latency, and the count of others.

import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

public class SignInLoad {

    /** One sign-in by one client: true when it succeeded. */
    interface SignIn {
        boolean run(HttpClient http) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("code-flow")) {
            CodeFlow flow = new CodeFlow(URI.create(args[1]), args[2], Files.readString(Path.of(args[3])).strip(),
                    args[4], args[5], args[6], Files.readString(Path.of(args[7])).strip());
            measure(flow::signIn, Integer.parseInt(args[8]), Long.parseLong(args[9]), Long.parseLong(args[10]));
            return;
        }
        URI url = URI.create(args[0]);
        String password = Files.readString(Path.of(args[2])).strip();
        String authorization = "Basic " + Base64.getEncoder()
                .encodeToString((args[1] + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(url).header("Authorization", authorization).GET().build();
        measure(http -> http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode() == 200,
                Integer.parseInt(args[3]), Long.parseLong(args[4]), Long.parseLong(args[5]));
    }

    static void measure(SignIn signIn, int clients, long warmUpSeconds, long measuredSeconds) throws Exception {
        long warmUpNanos = Duration.ofSeconds(warmUpSeconds).toNanos();
        long measuredNanos = Duration.ofSeconds(measuredSeconds).toNanos();
        long start = System.nanoTime() + Duration.ofMillis(200).toNanos();
        long measureFrom = start + warmUpNanos;
        long end = measureFrom + measuredNanos;
        AtomicLong succeeded = new AtomicLong();
        AtomicLong others = new AtomicLong();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[c] = new long[200_000];
            Thread thread = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                try {
                    while (System.nanoTime() < start) {
                        Thread.sleep(1);
                    }
                    while (true) {
                        long before = System.nanoTime();
                        if (before >= end) {
                            break;
                        }
                        boolean ok = signIn.run(http);
                        long after = System.nanoTime();
                        if (before >= measureFrom && after <= end) {
                            if (ok) {
                                succeeded.incrementAndGet();
                                if (counts[client] < latencies[client].length) {
                                    latencies[client][counts[client]++] = after - before;
                                }
                            } else {
                                others.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    System.err.println("client " + client + ": " + e);
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        double seconds = measuredNanos / 1e9;
        System.out.printf("sign_ins_per_second %.1f%n", succeeded.get() / seconds);
        System.out.printf("sign_ins_total %d%n", succeeded.get());
        System.out.printf("other_answers %d%n", others.get());
        if (all.length > 0) {
            System.out.printf("latency_p50_ms %.1f%n", all[(int) Math.ceil(all.length * 0.50) - 1] / 1e6);
            System.out.printf("latency_p99_ms %.1f%n", all[(int) Math.ceil(all.length * 0.99) - 1] / 1e6);
        }
    }

    /** The authorization code flow as a new browser (its own cookies) and the app (state, nonce, PKCE, token call). */
    record CodeFlow(URI essaim, String clientId, String secret, String redirectUri, String space, String user,
                    String password, JWKSet[] keys) {

        private static final SecureRandom RANDOM = new SecureRandom();
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
        private static final Pattern ID_TOKEN = Pattern.compile("\"id_token\"\\s*:\\s*\"([^\"]+)\"");

        CodeFlow(URI essaim, String clientId, String secret, String redirectUri, String space, String user,
                 String password) {
            this(essaim, clientId, secret, redirectUri, space, user, password, new JWKSet[1]);
        }

        boolean signIn(HttpClient http) throws Exception {
            Map<String, String> cookies = new HashMap<>();
            String verifier = random();
            String state = random();
            String nonce = random();
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            String authorize = "/oauth2/authorize?response_type=code&client_id=" + encode(clientId) + "&redirect_uri="
                    + encode(redirectUri) + "&scope=" + encode("openid profile email") + "&state=" + state
                    + "&nonce=" + nonce + "&code_challenge=" + challenge + "&code_challenge_method=S256";
            HttpResponse<String> toSignIn = get(http, authorize, cookies);
            String signInPage = location(toSignIn);
            if (toSignIn.statusCode() != 302 || !signInPage.endsWith("/login?space=" + space)) {
                return fail("authorize", toSignIn);
            }
            HttpResponse<String> page = get(http, signInPage, cookies);
            Matcher csrf = CSRF.matcher(page.body());
            String form = "space=" + encode(space) + "&username=" + encode(user) + "&password=" + encode(password)
                    + (csrf.find() ? "&_csrf=" + encode(csrf.group(1)) : "");
            HttpResponse<String> signedIn = send(http, request("/login", cookies)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), cookies);
            if (signedIn.statusCode() != 302 || !location(signedIn).contains("/oauth2/authorize")) {
                return fail("sign-in", signedIn);
            }
            HttpResponse<String> toApp = get(http, location(signedIn), cookies);
            String back = location(toApp);
            if (toApp.statusCode() != 302 || !back.startsWith(redirectUri + "?")) {
                return fail("code", toApp);
            }
            Map<String, String> answer = query(URI.create(back).getRawQuery());
            if (!state.equals(answer.get("state")) || answer.get("code") == null) {
                return fail("state", toApp);
            }
            String grant = "grant_type=authorization_code&code=" + encode(answer.get("code")) + "&redirect_uri="
                    + encode(redirectUri) + "&code_verifier=" + verifier;
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(essaim.resolve("/oauth2/token"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (encode(clientId) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(grant)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher idToken = ID_TOKEN.matcher(token.body());
            if (token.statusCode() != 200 || !idToken.find()) {
                return fail("token", token);
            }
            return verified(http, SignedJWT.parse(idToken.group(1)), nonce) || fail("id token", token);
        }

        /** Signature (the key named by kid in the published set, fetched again on an unknown kid) and claims. */
        private boolean verified(HttpClient http, SignedJWT jwt, String nonce) throws Exception {
            String kid = jwt.getHeader().getKeyID();
            JWKSet set = keys[0];
            if (set == null || set.getKeyByKeyId(kid) == null) {
                HttpResponse<String> jwks = http.send(HttpRequest.newBuilder(essaim.resolve("/oauth2/jwks")).build(),
                        HttpResponse.BodyHandlers.ofString());
                set = JWKSet.parse(jwks.body());
                keys[0] = set;
            }
            if (!(set.getKeyByKeyId(kid) instanceof RSAKey key)) {
                return false;
            }
            JWSVerifier verifier = new RSASSAVerifier(key);
            if (!"RS256".equals(jwt.getHeader().getAlgorithm().getName()) || !jwt.verify(verifier)) {
                return false;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return essaim.toString().replaceAll("/$", "").equals(claims.getIssuer())
                    && claims.getAudience().equals(List.of(clientId))
                    && nonce.equals(claims.getStringClaim("nonce"))
                    && claims.getExpirationTime() != null && claims.getExpirationTime().after(new Date())
                    && (user + "@" + space).equals(claims.getSubject());
        }

        private HttpRequest.Builder request(String pathOrUrl, Map<String, String> cookies) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(essaim.resolve(pathOrUrl));
            if (!cookies.isEmpty()) {
                StringBuilder header = new StringBuilder();
                cookies.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ").append(name).append('=').append(value));
                builder.header("Cookie", header.toString());
            }
            return builder;
        }

        private HttpResponse<String> get(HttpClient http, String pathOrUrl, Map<String, String> cookies) throws Exception {
            return send(http, request(pathOrUrl, cookies).GET().build(), cookies);
        }

        private static HttpResponse<String> send(HttpClient http, HttpRequest request, Map<String, String> cookies)
                throws Exception {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            for (String setCookie : response.headers().allValues("Set-Cookie")) {
                String pair = setCookie.split(";", 2)[0];
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    cookies.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
                }
            }
            return response;
        }

        private static String location(HttpResponse<String> response) {
            return response.headers().firstValue("Location").orElse("");
        }

        private static Map<String, String> query(String rawQuery) {
            Map<String, String> values = new HashMap<>();
            for (String pair : rawQuery == null ? new String[0] : rawQuery.split("&")) {
                String[] parts = pair.split("=", 2);
                values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
            return values;
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }

        private static String random() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }

        /** The first few failures are printed (to stderr) with the step and answer, so a broken flow is visible. */
        private static final java.util.concurrent.atomic.AtomicInteger FAILURES = new java.util.concurrent.atomic.AtomicInteger();

        private static boolean fail(String step, HttpResponse<String> response) {
            if (FAILURES.incrementAndGet() <= 5) {
                System.err.println("failed at " + step + ": " + response.statusCode() + " "
                        + response.headers().firstValue("Location").orElse("") + " "
                        + response.body().substring(0, Math.min(300, response.body().length())));
            }
            return false;
        }
    }
}
