package org.essaim.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * French and English, nothing else. The language comes from the picker ({@code ?lang=fr}, remembered in a
 * cookie), else from the browser's Accept-Language, else French: most of the people Essaim serves write French.
 */
@Configuration(proxyBeanMethods = false)
public class LanguageConfiguration implements WebMvcConfigurer {

    public static final List<Locale> SUPPORTED = List.of(Locale.FRENCH, Locale.ENGLISH);
    public static final Locale DEFAULT = Locale.FRENCH;

    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("ESSAIM_LANG") {
            @Override
            public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
                super.setLocale(request, response, locale == null ? null : supported(locale));
            }

            @Override
            public Locale resolveLocale(HttpServletRequest request) {
                return supported(super.resolveLocale(request));
            }
        };
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookieHttpOnly(true);
        resolver.setCookieSameSite("Lax");
        resolver.setDefaultLocaleFunction(LanguageConfiguration::fromAcceptLanguage);
        return resolver;
    }

    private static Locale fromAcceptLanguage(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") == null) {
            return DEFAULT;
        }
        var preferences = request.getLocales();
        while (preferences.hasMoreElements()) {
            Locale wanted = preferences.nextElement();
            for (Locale supported : SUPPORTED) {
                if (supported.getLanguage().equals(wanted.getLanguage())) {
                    return supported;
                }
            }
        }
        return DEFAULT;
    }

    /** Maps any locale onto a supported one: fr-CA is French, de is the default. */
    public static Locale supported(Locale locale) {
        for (Locale supported : SUPPORTED) {
            if (supported.getLanguage().equals(locale.getLanguage())) {
                return supported;
            }
        }
        return DEFAULT;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor interceptor = new LocaleChangeInterceptor();
        interceptor.setParamName("lang");
        interceptor.setIgnoreInvalidLocale(true);
        registry.addInterceptor(interceptor);
    }
}
