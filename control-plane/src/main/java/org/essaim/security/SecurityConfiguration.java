package org.essaim.security;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Two doors. {@code /api/**}: HTTP Basic with the same directory accounts, no session, no cookie, so no CSRF
 * to defend; errors as problem+json. Only applying ({@code POST /api/v1/applications}) and the address check are
 * open to anyone there, as the form is. Everything else: pages with form sign-in, a session cookie (HttpOnly,
 * SameSite) and CSRF tokens on every form. Both send a Content-Security-Policy that allows nothing from
 * another host.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /**
     * The sign-in page's: the same, except that its form may end at another host. A person who comes from one of
     * their space's apps (single sign-on) is sent, after signing in, through /oauth2/authorize to that app's
     * registered redirect address, and browsers check form-action against every redirect after a form is sent:
     * with 'self' alone Chromium stops on the sign-in page (SingleSignOnBrowserTest). The redirect address itself is
     * checked by the provider against the client's exact registered ones; http: is for local trials of a real app
     * on 127.0.0.1 (essaim.sign-on.local-clients), as on the provider's own endpoints.
     */
    static final String SIGN_IN_CONTENT_SECURITY_POLICY =
            CONTENT_SECURITY_POLICY.replace("form-action 'self';", "form-action 'self' https: http:;");

    /** The sign-in page and the second step's (whose form, too, ends at the app), whatever the method. */
    private static final RequestMatcher SIGN_IN_PAGE = new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher("/login"),
            PathPatternRequestMatcher.withDefaults().matcher(TwoStepGate.PAGE),
            PathPatternRequestMatcher.withDefaults().matcher(TwoStepGate.PAGE + "/**"));

    /**
     * The two forms whose emailed link is itself the proof of who sends them: confirming an application's address and
     * leaving the campaign notices. A CSRF token adds nothing there (a site that knew the link could send it itself),
     * and a visitor's session exists only to hold that token: one who opened the link and clicked after their session
     * ended (half an hour) was answered 403 for a button on the page in front of them.
     */
    static final RequestMatcher EMAILED_LINK_FORMS = new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/apply/confirm/*"),
            PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/campaigns/unsubscribe/*"));

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, TwoStep twoStep) throws Exception {
        // Both chains use the global manager, whose one provider is DirectoryAuthenticationProvider; adding it here
        // too would make a failed sign-in go to the directory (and count against the limit) twice.
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests
                        // Applying and checking an address are public, like the form.
                        .requestMatchers(HttpMethod.POST, "/api/v1/applications")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/slug-availability")
                        .permitAll()
                        .requestMatchers("/api/v1/staff/**")
                        .hasRole(DirectoryAuthenticationProvider.STAFF)
                        // A space's API: its admins (checked per request by SpaceAccess), and staff for support.
                        .requestMatchers("/api/v1/spaces/**")
                        .hasAnyRole(DirectoryAuthenticationProvider.STAFF, SpaceAccount.ROLE)
                        .anyRequest()
                        .hasRole(DirectoryAuthenticationProvider.STAFF))
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, exception) -> {
                    // No WWW-Authenticate challenge: a browser would then prompt and cache the credentials, and
                    // any site could make it send them (there is no CSRF token on this stateless API).
                    if (exception instanceof SignInThrottledException throttled) {
                        response.setHeader("Retry-After", String.valueOf(throttled.retryAfterSeconds()));
                        problem(
                                response,
                                HttpStatus.TOO_MANY_REQUESTS,
                                "Too many failed sign-ins",
                                (throttled.scope() == SignInThrottledException.Scope.ACCOUNT
                                                ? "Too many failed sign-ins for this account from your address"
                                                : "Too many failed sign-ins from your address; only the right password is accepted from it")
                                        + "; try again in " + throttled.retryAfterMinutes() + " minutes.");
                        return;
                    }
                    problem(
                            response,
                            HttpStatus.UNAUTHORIZED,
                            "Sign-in required",
                            "Send the credentials of a staff account, or <uid>@<space> for a space's account, with HTTP Basic.");
                }))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, exception) ->
                        problem(response, HttpStatus.FORBIDDEN, "Forbidden", "This account may not do that.")))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // A password alone must not open what two steps guard on the pages.
                .addFilterAfter(new ApiTwoStepCheck(twoStep), BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .headers(
                        headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pages(
            HttpSecurity http, SessionRegistry sessionRegistry, TwoStep twoStep, SignedInSessions sessions)
            throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/staff/**")
                        .hasRole(DirectoryAuthenticationProvider.STAFF)
                        // openapi exists only on the management port (springdoc.use-management-port, the chart).
                        .requestMatchers(
                                "/actuator/health/**",
                                "/actuator/health",
                                "/actuator/prometheus",
                                "/actuator/openapi",
                                "/actuator/openapi/**")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasRole(DirectoryAuthenticationProvider.STAFF)
                        // A space's console and the profile: its accounts (which space, and whether an admin, is
                        // checked by SpaceAccess on each request).
                        .requestMatchers("/spaces/**", "/profile/**", "/profile")
                        .hasRole(SpaceAccount.ROLE)
                        // One's own second step: staff and space accounts alike.
                        .requestMatchers("/two-step", "/two-step/**")
                        .hasAnyRole(DirectoryAuthenticationProvider.STAFF, SpaceAccount.ROLE)
                        .anyRequest()
                        .permitAll())
                .formLogin(form -> form.loginPage("/login")
                        .authenticationDetailsSource(SignInDetails::new)
                        .successHandler(new SignInSuccessHandler(twoStep))
                        .failureHandler(new SignInFailureHandler())
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout")
                        .logoutSuccessUrl("/?signedOut")
                        // Before the session goes: the space's apps are told which session ended (back-channel logout).
                        .addLogoutHandler(sessions.logoutHandler())
                        .permitAll())
                .httpBasic(basic -> basic.disable())
                .csrf(csrf -> csrf.ignoringRequestMatchers(EMAILED_LINK_FORMS))
                // A form whose token matches no session (the page stayed open past the session's end) is told apart
                // from a page one may not see: the error page says nothing was sent and leads back to the form.
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, denied) -> {
                    if (response.isCommitted()) {
                        return;
                    }
                    request.setAttribute(WebAttributes.ACCESS_DENIED_403, denied);
                    response.sendError(HttpStatus.FORBIDDEN.value(), HttpStatus.FORBIDDEN.getReasonPhrase());
                }))
                .headers(headers -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                SIGN_IN_PAGE,
                                new StaticHeadersWriter("Content-Security-Policy", SIGN_IN_CONTENT_SECURITY_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(SIGN_IN_PAGE),
                                new StaticHeadersWriter("Content-Security-Policy", CONTENT_SECURITY_POLICY)))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frame -> frame.deny()))
                // Between the password and the second step, a session reaches only the second step's pages.
                .addFilterBefore(new TwoStepGate(), AuthorizationFilter.class)
                // Every page session is registered, so that a password change, a reset or disabling a person ends
                // that person's other sessions (SignedInSessions); an ended session's next request signs in again.
                .sessionManagement(session -> session.sessionFixation(Customizer.withDefaults())
                        .maximumSessions(-1)
                        .sessionRegistry(sessionRegistry)
                        .expiredUrl("/login?expired"));
        return http.build();
    }

    /**
     * Sessions live in PostgreSQL (Spring Session JDBC): the registry asks the database for a person's sessions by
     * their sign-in name, so ending them works whichever replica holds the request.
     */
    @Bean
    <S extends Session> SessionRegistry sessionRegistry(FindByIndexNameSessionRepository<S> sessions) {
        return new SpringSessionBackedSessionRegistry<>(sessions);
    }

    private static void problem(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.value()
                        + ",\"detail\":\"" + detail + "\"}");
    }
}
