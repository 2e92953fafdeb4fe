package org.essaim.web;

import com.ibm.icu.text.MessageFormat;
import org.springframework.boot.autoconfigure.context.MessageSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The message bundles ({@code spring.messages.basename}), with ICU's plural rules for counted words: a message
 * written {@code {0, plural, one {# place utilisée} other {# places utilisées}}} follows each language's own rule
 * (French: 0 and 1 are singular; English: only 1). Messages without {@code plural} are formatted as before, by
 * {@link java.text.MessageFormat}, so the other bundles keep their meaning exactly.
 */
class PluralMessageSource extends ResourceBundleMessageSource {

    private final Map<String, MessageFormat> plurals = new ConcurrentHashMap<>();

    /** Replaces Spring Boot's message source, with the same settings. */
    @Configuration(proxyBeanMethods = false)
    static class Messages {

        /** Spring Boot's own {@code spring.messages.*}, which it binds only for the message source this replaces. */
        @Bean
        @ConfigurationProperties("spring.messages")
        MessageSourceProperties messageSourceProperties() {
            return new MessageSourceProperties();
        }

        @Bean
        MessageSource messageSource(MessageSourceProperties settings) {
            PluralMessageSource source = new PluralMessageSource();
            source.setBasenames(
                    settings.getBasename().stream().map(String::strip).toArray(String[]::new));
            source.setDefaultEncoding(settings.getEncoding().name());
            source.setFallbackToSystemLocale(settings.isFallbackToSystemLocale());
            return source;
        }
    }

    @Override
    protected String getMessageInternal(String code, Object[] args, Locale locale) {
        if (code != null && args != null && args.length > 0) {
            Locale language = locale == null ? Locale.getDefault() : locale;
            String pattern = resolveCodeWithoutArguments(code, language);
            if (pattern != null && (pattern.contains(", plural,") || pattern.contains(", select,"))) {
                MessageFormat format = plurals.computeIfAbsent(
                        language.toLanguageTag() + "\n" + code, key -> new MessageFormat(pattern, language));
                Object[] resolved = resolveArguments(args, language);
                for (int i = 0; i < resolved.length; i++) {
                    // A count that reached the page as text (a request parameter) is still a count.
                    if (resolved[i] instanceof String text && text.matches("[0-9]{1,18}")) {
                        resolved[i] = Long.parseLong(text);
                    }
                }
                synchronized (format) {
                    return format.format(resolved);
                }
            }
        }
        return super.getMessageInternal(code, args, locale);
    }
}
