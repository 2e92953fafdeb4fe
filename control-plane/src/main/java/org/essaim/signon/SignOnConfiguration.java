package org.essaim.signon;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.essaim.platform.ClusteredJobs;
import org.essaim.platform.EssaimProperties;
import org.essaim.security.SignedInSessions;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationServerMetadata;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Essaim as the OpenID Connect provider of every space's apps (Spring Authorization Server): one issuer, the
 * control plane's public address; discovery, JWKS, authorization code with PKCE (required but for the events service), rotated refresh
 * tokens, userinfo and RP-initiated logout at the framework's standard paths. Its own filter chain comes before the
 * others and serves only the provider's endpoints; signing in is Essaim's own sign-in page, with the client's space
 * chosen. Authorizations live in PostgreSQL, so any replica serves any step.
 */
@Configuration(proxyBeanMethods = false)
class SignOnConfiguration {

    static final String AUTHORIZE = "/oauth2/authorize";
    private static final List<String> USER_INFO_CLAIMS =
            List.of("sub", "preferred_username", "name", "email", "space", "space_admin");

    @Bean
    @Order(0)
    SecurityFilterChain signOn(
            HttpSecurity http,
            SpaceClients clients,
            OAuth2AuthorizationService authorizations,
            SignedInSessions sessions)
            throws Exception {
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.registeredClientRepository(clients)
                            .authorizationService(authorizations)
                            .clientAuthentication(authentication ->
                                    authentication.authenticationProviders(providers -> providers.forEach(provider -> {
                                        if (provider instanceof ClientSecretAuthenticationProvider secrets) {
                                            secrets.setPasswordEncoder(new ClientSecretHashes());
                                        }
                                    })))
                            // Discovery names only the client authentications the clients accept.
                            .authorizationServerMetadataEndpoint(
                                    metadata -> metadata.authorizationServerMetadataCustomizer(
                                            builder -> Discovery.onlyWhatIsTrue(builder)))
                            .oidc(oidc -> oidc.providerConfigurationEndpoint(configuration ->
                                            configuration.providerConfigurationCustomizer(
                                                    builder -> Discovery.onlyWhatIsTrue(builder)
                                                            .scopes(scopes ->
                                                                    scopes.addAll(List.of("profile", "email")))
                                                            .claim("claims_supported", Discovery.CLAIMS)
                                                            .claim("backchannel_logout_supported", true)
                                                            .claim("backchannel_logout_session_supported", true)))
                                    // RP-initiated logout tells the space's other apps too (back-channel).
                                    .logoutEndpoint(logout -> logout.logoutResponseHandler(rpInitiatedLogout(sessions)))
                                    .userInfoEndpoint(
                                            userInfo -> userInfo.userInfoMapper(SignOnConfiguration::userInfo)));
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2ResourceServer(resource -> resource.jwt(Customizer.withDefaults()))
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        (request, response, e) -> {
                            // To Essaim's sign-in page with the client's space already chosen.
                            String space = ClientName.parse(request.getParameter("client_id"))
                                    .map(client -> "?space=" + URLEncoder.encode(client.slug(), StandardCharsets.UTF_8))
                                    .orElse("");
                            response.sendRedirect(request.getContextPath() + "/login" + space);
                        },
                        request -> request.getRequestURI().endsWith(AUTHORIZE)))
                // Before the authorization endpoint's own filter (registered at the same place, later).
                .addFilterBefore(new SpaceOnlyFilter(), AbstractPreAuthenticatedProcessingFilter.class)
                .headers(
                        headers -> headers.contentSecurityPolicy(
                                csp -> csp.policyDirectives(
                                        "default-src 'self'; form-action 'self' https: http:; frame-ancestors 'none'; base-uri 'self'; object-src 'none'")));
        return http.build();
    }

    /** The issuer is the public address; a server on a port chosen at start (tests) takes it from each request. */
    @Bean
    AuthorizationServerSettings authorizationServerSettings(EssaimProperties properties) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        if (properties.publicUrl() != null && properties.publicUrl().getPort() != 0) {
            settings.issuer(properties.publicUrl().toString().replaceAll("/+$", ""));
        }
        return settings.build();
    }

    @Bean
    OAuth2AuthorizationService authorizationService(JdbcOperations jdbc, SpaceClients clients) {
        return new JdbcOAuth2AuthorizationService(jdbc, clients) {
            // An authorization of a client that no longer exists (space suspended or deleted) is as good as gone.
            @Override
            public OAuth2Authorization findById(String id) {
                try {
                    return super.findById(id);
                } catch (DataRetrievalFailureException clientGone) {
                    return null;
                }
            }

            @Override
            public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
                try {
                    return super.findByToken(token, tokenType);
                } catch (DataRetrievalFailureException clientGone) {
                    return null;
                }
            }
        };
    }

    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbc, SpaceClients clients) {
        return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
    }

    /** Checks the access tokens presented to userinfo, with the same keys every replica shares. */
    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(JwtValidators.createDefault());
        return decoder;
    }

    @Bean
    JobDetail signingKeyRotationJob() {
        return ClusteredJobs.job(
                SigningKeyRotationJob.class,
                "signing-key-rotation",
                "sign-on",
                "Makes a new single sign-on signing key when the current one is due");
    }

    @Bean
    Trigger signingKeyRotationTrigger(JobDetail signingKeyRotationJob) {
        return ClusteredJobs.everyAfterOneInterval(signingKeyRotationJob, Duration.ofHours(1));
    }

    @Bean
    JobDetail backChannelLogoutJob() {
        return ClusteredJobs.job(
                BackChannelLogoutJob.class,
                "back-channel-logout",
                "sign-on",
                "Tells the spaces' apps which sessions ended (OpenID Connect back-channel logout)");
    }

    @Bean
    Trigger backChannelLogoutTrigger(JobDetail backChannelLogoutJob, SignOnProperties properties) {
        return ClusteredJobs.everyAfterOneInterval(
                backChannelLogoutJob, properties.backChannelLogout().interval());
    }

    /** The framework's response (redirect to the app's address), after the sign-out was told and done. */
    static AuthenticationSuccessHandler rpInitiatedLogout(SignedInSessions sessions) {
        OidcLogoutAuthenticationSuccessHandler handler = new OidcLogoutAuthenticationSuccessHandler();
        SecurityContextLogoutHandler end = new SecurityContextLogoutHandler();
        handler.setLogoutHandler((request, response, authentication) -> {
            OidcLogoutAuthenticationToken logout = (OidcLogoutAuthenticationToken) authentication;
            if (logout.isPrincipalAuthenticated()) {
                Authentication person = (Authentication) logout.getPrincipal();
                // The app that asked has signed the person out itself (user_oidc ends its session before sending
                // them here, and answers 400 to a logout token for it): the others are told.
                sessions.logoutHandler(initiatingClient(logout)).logout(request, response, person);
                end.logout(request, response, person);
            }
        });
        return handler;
    }

    /**
     * The app whose logout request this is: the ID token's audience (checked by the framework; ours name one client),
     * else the {@code client_id} it sent.
     */
    static String initiatingClient(OidcLogoutAuthenticationToken logout) {
        if (logout.getIdToken() != null
                && logout.getIdToken().getAudience() != null
                && logout.getIdToken().getAudience().size() == 1) {
            return logout.getIdToken().getAudience().get(0);
        }
        return logout.getClientId();
    }

    @Bean
    KeysAtStart keysAtStart(SigningKeys keys) {
        return new KeysAtStart(keys);
    }

    /** A key is there (and rotated if due) before the first sign-in. */
    record KeysAtStart(SigningKeys keys) {
        @EventListener(ApplicationReadyEvent.class)
        public void rotate() {
            keys.rotateIfDue();
        }
    }

    /** The methods every client is registered with ({@link SpaceClients}): the secret, in the header or the form. */
    static final List<String> CLIENT_AUTHENTICATION_METHODS = List.of(
            ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
            ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue());

    /**
     * Discovery says only what the provider does. The framework's defaults also name grants no client is registered
     * for (client credentials, token exchange), client authentications none uses (JWTs, TLS), certificate-bound and
     * DPoP-bound access tokens (userinfo takes plain bearer tokens): all left out. Tested through Nimbus' parse
     * of both documents (SingleSignOnFlowTest).
     */
    static final class Discovery {

        /** What an ID token or userinfo may say ({@link SignOnClaims}), and the standard claims every token has. */
        static final List<String> CLAIMS = List.of(
                "iss",
                "sub",
                "aud",
                "exp",
                "iat",
                "auth_time",
                "nonce",
                "sid",
                "azp",
                "preferred_username",
                "name",
                "email",
                "space",
                "space_admin");

        private Discovery() {}

        static OidcProviderConfiguration.Builder onlyWhatIsTrue(OidcProviderConfiguration.Builder builder) {
            return builder.tokenEndpointAuthenticationMethods(Discovery::secretsOnly)
                    .tokenRevocationEndpointAuthenticationMethods(Discovery::secretsOnly)
                    .tokenIntrospectionEndpointAuthenticationMethods(Discovery::secretsOnly)
                    .grantTypes(Discovery::codeAndRefresh)
                    .claims(Discovery::noBoundTokens);
        }

        static OAuth2AuthorizationServerMetadata.Builder onlyWhatIsTrue(
                OAuth2AuthorizationServerMetadata.Builder builder) {
            return builder.tokenEndpointAuthenticationMethods(Discovery::secretsOnly)
                    .tokenRevocationEndpointAuthenticationMethods(Discovery::secretsOnly)
                    .tokenIntrospectionEndpointAuthenticationMethods(Discovery::secretsOnly)
                    .grantTypes(Discovery::codeAndRefresh)
                    .claims(Discovery::noBoundTokens);
        }

        private static void codeAndRefresh(List<String> grants) {
            grants.clear();
            grants.add(AuthorizationGrantType.AUTHORIZATION_CODE.getValue());
            grants.add(AuthorizationGrantType.REFRESH_TOKEN.getValue());
        }

        private static void noBoundTokens(Map<String, Object> claims) {
            claims.remove("tls_client_certificate_bound_access_tokens");
            claims.remove("dpop_signing_alg_values_supported");
        }

        private static void secretsOnly(List<String> methods) {
            methods.clear();
            methods.addAll(CLIENT_AUTHENTICATION_METHODS);
        }
    }

    static OidcUserInfo userInfo(OidcUserInfoAuthenticationContext context) {
        OAuth2Authorization.Token<OidcIdToken> idToken =
                context.getAuthorization().getToken(OidcIdToken.class);
        Map<String, Object> claims = new LinkedHashMap<>();
        if (idToken != null) {
            USER_INFO_CLAIMS.forEach(name -> {
                Object value = idToken.getToken().getClaims().get(name);
                if (value != null) {
                    claims.put(name, value);
                }
            });
        }
        return new OidcUserInfo(claims);
    }
}
