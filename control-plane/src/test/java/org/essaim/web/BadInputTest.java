package org.essaim.web;

import org.essaim.testing.EssaimTest;
import org.essaim.testing.WebClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Input that used to end in a 500 (issue 12, item 7) is a 4xx with the usual error page or problem+json. */
@EssaimTest
@TestPropertySource(properties = "essaim.bootstrap.staff-password=" + BadInputTest.PASSWORD)
class BadInputTest {

    // The same as StaffSignInTest's, so both share one application context.
    static final String PASSWORD = "correct-horse-battery-staple";

    @LocalServerPort
    int port;

    @Test
    void errorAskedForDirectlyIsNotFound() {
        HttpResponse<String> page = new WebClient(port).get("/error");
        assertThat(page.statusCode()).isEqualTo(404);
    }

    @Test
    void aNulInAFilterIsABadRequestOnPagesAndApi() {
        WebClient staff = new WebClient(port);
        staff.signIn("admin", PASSWORD);
        for (String path : new String[] {
            "/staff/applications?q=%00", "/staff/audit?actor=%00", "/staff/audit?target=%00", "/staff/spaces?after=%00"
        }) {
            assertThat(staff.get(path).statusCode()).as(path).isEqualTo(400);
        }
        HttpResponse<String> api =
                new WebClient(port).get("/api/v1/staff/applications?q=%00", WebClient.basic("admin", PASSWORD));
        assertThat(api.statusCode()).isEqualTo(400);
    }

    @Test
    void aDottedParameterNameOnAFormIsABadRequest() {
        HttpResponse<String> apply = new WebClient(port).submit("/apply", "/apply", Map.of("kind.x", "1"));
        assertThat(apply.statusCode()).isEqualTo(400);
        HttpResponse<String> forgotten = new WebClient(port)
                .submit("/password/forgotten", "/password/forgotten", Map.of("email[0]", "a@example.org"));
        assertThat(forgotten.statusCode()).isEqualTo(400);
    }

    @Test
    void aLongSpaceAtSignInIsNotCopiedIntoTheRedirect() {
        HttpResponse<String> signIn = new WebClient(port)
                .submit("/login", "/login", Map.of("space", "a".repeat(9000), "username", "x", "password", "y"));
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).hasSizeLessThan(200));
    }

    @Test
    void numericIdsAreAsciiDigitsOnly() {
        String[] staff = WebClient.basic("admin", PASSWORD);
        WebClient api = new WebClient(port);
        for (String id : new String[] {"%201", "+1", "0x1", "%D9%A1", "%EF%BC%91", "-1", "1e0"}) {
            HttpResponse<String> close = api.sendJson("POST", "/api/v1/staff/campaigns/" + id + "/close", "{}", staff);
            assertThat(close.statusCode()).as(id).isEqualTo(400);
        }
    }

    /** Issue 12, item 8: an overlong {@code /} (C0 AF) in a JSON body was decoded by Jackson instead of refused. */
    @Test
    void invalidUtf8InAJsonBodyIsAProblemAndNotDecoded() throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes());
        for (byte[] bad : new byte[][] {
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xFF},
            {(byte) 0xE2, (byte) 0x82}
        }) {
            byte[] body = concat("{\"name\":\"a".getBytes(), bad, "b\"}".getBytes());
            Raw answer = raw(
                    "POST /api/v1/staff/campaigns HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + auth
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n",
                    body);
            assertThat(answer.status()).as(HexFormat.of().formatHex(bad)).isEqualTo(400);
            assertThat(answer.headers()).containsIgnoringCase("content-type: application/problem+json");
        }
    }

    @Test
    void invalidUtf8InAFormOrAQueryIsABadRequest() throws Exception {
        byte[] form = "email=a%C0%AFb%40example.org".getBytes();
        Raw post = raw(
                "POST /password/forgotten HTTP/1.1\r\nHost: localhost\r\n" + csrf() + "Content-Type: "
                        + "application/x-www-form-urlencoded\r\nContent-Length: " + form.length
                        + "\r\nConnection: close\r\n\r\n",
                form);
        assertThat(post.status()).isEqualTo(400);
        Raw get = raw("GET /apply?q=%C0%AF HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", new byte[0]);
        assertThat(get.status()).isEqualTo(400);
    }

    /** Issue 12, item 7: a NUL in an uploaded file's name was a 500. */
    @Test
    void aNulInAnUploadedFilesNameIsABadRequest() throws Exception {
        byte[] body = ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\u0000.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\nNom;Courriel\r\n--b--\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Raw upload = raw(
                "POST /apply HTTP/1.1\r\nHost: localhost\r\n" + csrf()
                        + "Content-Type: multipart/form-data; boundary=b\r\n" + "Content-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n",
                body);
        assertThat(upload.status()).isEqualTo(400);
    }

    /** Issue 12, item 8: the Host header was reflected into redirects. */
    @Test
    void aForgedHostIsNeverCopiedIntoARedirect() throws Exception {
        for (String request : new String[] {
            "GET /staff/dashboard HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
            "GET /spaces/x HTTP/1.1\r\nHost: evil.example:" + port + "\r\nConnection: close\r\n\r\n",
            "GET /login?logout HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nX-Forwarded-Host: evil.example\r\nConnection: close\r\n\r\n"
        }) {
            Raw answer = raw(request, new byte[0]);
            String location = answer.header("location");
            if (answer.status() / 100 == 3) {
                assertThat(location)
                        .as(request)
                        .isNotNull()
                        .doesNotContainIgnoringCase("evil")
                        .startsWith("/");
            }
            assertThat(answer.headers()).as(request).doesNotContainIgnoringCase("evil.example");
        }
        Raw dashboard =
                raw("GET /staff/dashboard HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n", new byte[0]);
        assertThat(dashboard.status()).isEqualTo(302);
        assertThat(dashboard.header("location")).isEqualTo("/login");
    }

    /** A session cookie and its CSRF token as headers, from the application form. */
    private String csrf() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream()
                    .write("GET /apply HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
            String page = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            var cookie =
                    Pattern.compile("(?i)Set-Cookie: (ESSAIM_SESSION=[^;]+)").matcher(page);
            var token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
            assertThat(cookie.find()).isTrue();
            assertThat(token.find()).isTrue();
            return "Cookie: " + cookie.group(1) + "\r\nX-CSRF-TOKEN: " + token.group(1) + "\r\n";
        }
    }

    private record Raw(int status, String headers) {
        String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    private Raw raw(String head, byte[] body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = answer.indexOf("\r\n\r\n");
            String headers = end < 0 ? answer : answer.substring(0, end);
            return new Raw(Integer.parseInt(headers.substring(9, 12)), headers);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
