package org.essaim.member;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every class of bad input of issue 12 (items 7 and 8) sent to every entry point the handler mappings declare, each
 * as the identity that reaches it furthest (staff's session for pages, staff's HTTP Basic for the API, the space's
 * admin's session under {@code /spaces/}), with a valid session and CSRF token so that nothing is stopped before
 * the input is read. Raw sockets, so that NULs, invalid UTF-8 and a forged {@code Host} go out as they are.
 * Used by {@link BadInputEverywhereTest} (no 5xx) and by the on-demand robustness run (counts, partial writes).
 */
final class BadInputEverywhere {

    record Endpoint(String method, String pattern) {}

    record Answer(Endpoint endpoint, String inputClass, String path, int status, String location) {}

    /** Classes of bad input; those marked {@code filtered} are refused before any handler, so they can write nothing. */
    enum InputClass {
        NUL_IN_QUERY_VALUE(true),
        NUL_IN_PARAMETER_NAME(true),
        DOTTED_PARAMETER_NAME(true),
        BRACKET_PARAMETER_NAME(true),
        OVERLONG_UTF8_IN_QUERY(true),
        OVERLONG_UTF8_IN_FORM(true),
        INVALID_UTF8_IN_JSON(true),
        NUL_IN_UPLOADED_FILE_NAME(true),
        LENIENT_NUMERIC_ID(false),
        LONG_VALUE(false),
        EMPTY_DRY_RUN(false),
        FORGED_HOST(false);

        final boolean filtered;

        InputClass(boolean filtered) {
            this.filtered = filtered;
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final List<String> LENIENT_IDS = List.of("%201", "+1", "0x1", "%D9%A1", "%EF%BC%91");

    private final int port;
    private final String slug;
    private final String staffBasic;
    private final Session staff;
    private final Session spaceAdmin;

    record Session(String cookie, String csrf) {}

    BadInputEverywhere(int port, String slug, String staffPassword, String adminLogin, String adminPassword) {
        this.port = port;
        this.slug = slug;
        this.staffBasic = "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + staffPassword).getBytes(StandardCharsets.UTF_8));
        this.staff = signIn(Map.of("username", "admin", "password", staffPassword), "/staff/dashboard");
        this.spaceAdmin =
                signIn(Map.of("space", slug, "username", adminLogin, "password", adminPassword), "/spaces/" + slug);
    }

    static List<Endpoint> endpoints(RequestMappingHandlerMapping mappings) {
        Set<Endpoint> endpoints =
                new TreeSet<>(Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (pattern.equals("/error") || pattern.contains("**")) {
                    continue;
                }
                if (methods.isEmpty()) {
                    endpoints.add(new Endpoint("GET", pattern));
                    endpoints.add(new Endpoint("POST", pattern));
                }
                for (RequestMethod method : methods) {
                    endpoints.add(new Endpoint(method.name(), pattern));
                }
            }
        }
        return new ArrayList<>(endpoints);
    }

    /** Sends every class to every endpoint; returns every answer. */
    List<Answer> run(List<Endpoint> endpoints, Consumer<Answer> each) {
        List<Answer> answers = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            for (InputClass inputClass : InputClass.values()) {
                for (Request request : requests(endpoint, inputClass)) {
                    Answer answer = send(endpoint, inputClass, request);
                    answers.add(answer);
                    each.accept(answer);
                }
            }
        }
        return answers;
    }

    private record Request(String path, String contentType, byte[] body, String host) {}

    private List<Request> requests(Endpoint endpoint, InputClass inputClass) {
        boolean get = endpoint.method().equals("GET");
        String path = fill(endpoint.pattern(), "1");
        String form = "application/x-www-form-urlencoded";
        byte[] none = new byte[0];
        List<Request> requests = new ArrayList<>();
        switch (inputClass) {
            case NUL_IN_QUERY_VALUE -> {
                // The filters of lists; a form explains a NUL next to its field instead (and an action without
                // fields would simply run).
                if (get) {
                    requests.add(new Request(path + "?q=%00&after=%00&actor=%00&target=%00", null, none, null));
                }
            }
            case NUL_IN_PARAMETER_NAME ->
                requests.add(
                        get
                                ? new Request(path + "?%00=1", null, none, null)
                                : new Request(path, form, "%00=1".getBytes(), null));
            case DOTTED_PARAMETER_NAME ->
                requests.add(
                        get
                                ? new Request(path + "?kind.x=1", null, none, null)
                                : new Request(path, form, "kind.x=1".getBytes(), null));
            case BRACKET_PARAMETER_NAME ->
                requests.add(
                        get
                                ? new Request(path + "?email%5B0%5D=1", null, none, null)
                                : new Request(path, form, "email[0]=a".getBytes(), null));
            case OVERLONG_UTF8_IN_QUERY ->
                requests.add(new Request(path + "?q=%C0%AF", get ? null : form, get ? none : "x=1".getBytes(), null));
            case OVERLONG_UTF8_IN_FORM -> {
                if (!get) {
                    requests.add(new Request(path, form, "email=a%C0%AFb&name=%C0%AF".getBytes(), null));
                }
            }
            case INVALID_UTF8_IN_JSON -> {
                if (!get) {
                    requests.add(new Request(
                            path,
                            "application/json",
                            concat(
                                    "{\"name\":\"a".getBytes(),
                                    new byte[] {(byte) 0xC0, (byte) 0xAF},
                                    "\",\"emails\":[\"\\u0000\"]}".getBytes()),
                            null));
                }
            }
            case NUL_IN_UPLOADED_FILE_NAME -> {
                if (!get) {
                    requests.add(new Request(
                            path,
                            "multipart/form-data; boundary=essaimB",
                            ("--essaimB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\u0000.csv\"\r\n"
                                            + "Content-Type: text/csv\r\n\r\nNom;Courriel\r\nA;a@example.org\r\n--essaimB--\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1),
                            null));
                }
            }
            case LENIENT_NUMERIC_ID -> {
                if (VARIABLE.matcher(endpoint.pattern().replace("{slug}", "")).find() && get) {
                    for (String id : LENIENT_IDS) {
                        requests.add(new Request(fill(endpoint.pattern(), id), null, none, null));
                    }
                }
            }
            case LONG_VALUE -> {
                if (get) {
                    requests.add(new Request(
                            path + "?q=" + "a".repeat(9000) + "&space=" + "b".repeat(9000), null, none, null));
                }
            }
            case EMPTY_DRY_RUN -> {
                if (get) {
                    requests.add(new Request(path + "?dryRun=", null, none, null));
                }
            }
            case FORGED_HOST -> {
                if (get) {
                    requests.add(new Request(path, null, none, "evil.example"));
                }
            }
        }
        return requests;
    }

    private String fill(String pattern, String id) {
        Matcher matcher = VARIABLE.matcher(pattern);
        StringBuilder path = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            matcher.appendReplacement(
                    path,
                    Matcher.quoteReplacement(
                            name.equals("slug")
                                    ? slug
                                    : name.toLowerCase(Locale.ROOT).contains("token") ? "t0ken" + id : id));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private Answer send(Endpoint endpoint, InputClass inputClass, Request request) {
        StringBuilder head = new StringBuilder(endpoint.method())
                .append(' ')
                .append(request.path())
                .append(" HTTP/1.1\r\nHost: ")
                .append(request.host() == null ? "localhost:" + port : request.host())
                .append("\r\nConnection: close\r\nAccept-Language: fr\r\n");
        if (endpoint.pattern().startsWith("/api/")) {
            head.append("Authorization: ").append(staffBasic).append("\r\nAccept: application/json, text/csv\r\n");
        } else {
            Session session = endpoint.pattern().startsWith("/spaces/")
                            || endpoint.pattern().startsWith("/profile")
                    ? spaceAdmin
                    : staff;
            head.append("Cookie: ")
                    .append(session.cookie())
                    .append("\r\nX-CSRF-TOKEN: ")
                    .append(session.csrf())
                    .append("\r\n");
        }
        if (request.contentType() != null) {
            head.append("Content-Type: ").append(request.contentType()).append("\r\n");
        }
        if (!endpoint.method().equals("GET")) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("\r\n");
        String answer = exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), request.body());
        return new Answer(
                endpoint,
                inputClass.name(),
                request.path().length() > 120 ? request.path().substring(0, 120) + "…" : request.path(),
                status(answer),
                header(answer, "Location"));
    }

    private Session signIn(Map<String, String> fields, String landing) {
        String page = exchange(
                ("GET /login HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1),
                new byte[0]);
        String cookie = cookie(page);
        StringBuilder body = new StringBuilder("_csrf=").append(csrf(page));
        fields.forEach((name, value) ->
                body.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        byte[] form = body.toString().getBytes(StandardCharsets.UTF_8);
        String signedIn = exchange(
                ("POST /login HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n"
                                + "Cookie: " + cookie
                                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                                + form.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1),
                form);
        String session = cookie(signedIn) == null ? cookie : cookie(signedIn);
        String home = exchange(
                ("GET " + landing + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n" + "Cookie: "
                                + session + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1),
                new byte[0]);
        if (status(home) != 200) {
            throw new AssertionError("signing in for " + landing + " failed: "
                    + home.lines().findFirst().orElse(""));
        }
        return new Session(session, csrf(home));
    }

    private String exchange(byte[] head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(head);
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "HTTP/1.1 000 " + e;
        }
    }

    private static int status(String answer) {
        return answer.length() >= 12 && answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : 0;
    }

    private static String header(String answer, String name) {
        int end = answer.indexOf("\r\n\r\n");
        for (String line : (end < 0 ? answer : answer.substring(0, end)).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    private static String cookie(String answer) {
        Matcher matcher =
                Pattern.compile("(?i)Set-Cookie: (ESSAIM_SESSION=[^;\r\n]+)").matcher(answer);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String csrf(String page) {
        Matcher matcher = Pattern.compile(
                        "name=\"_csrf\"\\s+value=\"([^\"]+)\"|<meta name=\"_csrf\" content=\"([^\"]+)\"")
                .matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("no CSRF token in the page");
        }
        return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Answers counted by status, then by class and status. */
    static String counts(List<Answer> answers) {
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Map<Integer, Integer>> byClass = new TreeMap<>();
        Set<String> endpoints = new TreeSet<>();
        for (Answer answer : answers) {
            byStatus.merge(answer.status(), 1, Integer::sum);
            byClass.computeIfAbsent(answer.inputClass(), c -> new TreeMap<>()).merge(answer.status(), 1, Integer::sum);
            endpoints.add(answer.endpoint().method() + " " + answer.endpoint().pattern());
        }
        StringBuilder out = new StringBuilder();
        out.append(answers.size())
                .append(" requests over ")
                .append(endpoints.size())
                .append(" entry points\n\n");
        out.append("| status | answers |\n| --- | --- |\n");
        byStatus.forEach((status, count) ->
                out.append("| ").append(status).append(" | ").append(count).append(" |\n"));
        out.append("\n| class of bad input | answers by status |\n| --- | --- |\n");
        byClass.forEach((inputClass, statuses) -> out.append("| ")
                .append(inputClass)
                .append(" | ")
                .append(statuses.toString().replaceAll("[{}]", "").replace("=", ": "))
                .append(" |\n"));
        return out.toString();
    }
}
