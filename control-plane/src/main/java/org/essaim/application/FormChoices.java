package org.essaim.application;

import org.essaim.web.LanguageConfiguration;
import org.springframework.stereotype.Component;

import java.text.Collator;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The countries and languages the form offers, named in the page's language and sorted the way people read. */
@Component
public class FormChoices {

    public record Choice(String code, String label) {}

    private final Map<String, List<Choice>> countries = new HashMap<>();
    private final Map<String, List<Choice>> languages = new HashMap<>();

    FormChoices() {
        for (Locale locale : LanguageConfiguration.SUPPORTED) {
            Comparator<Choice> byLabel = Comparator.comparing(Choice::label, Collator.getInstance(locale));
            countries.put(
                    locale.getLanguage(),
                    ApplicationRules.COUNTRIES.stream()
                            .map(code -> new Choice(code, Locale.of("", code).getDisplayCountry(locale)))
                            .filter(choice -> !choice.label().equals(choice.code()))
                            .sorted(byLabel)
                            .toList());
            languages.put(
                    locale.getLanguage(),
                    ApplicationRules.LANGUAGES.stream()
                            .filter(code -> code.length() == 2)
                            .map(code ->
                                    new Choice(code, capitalise(Locale.of(code).getDisplayLanguage(locale), locale)))
                            .filter(choice -> !choice.label().equalsIgnoreCase(choice.code()))
                            .sorted(byLabel)
                            .toList());
        }
    }

    public List<Choice> countries(Locale locale) {
        return countries.get(LanguageConfiguration.supported(locale).getLanguage());
    }

    public List<Choice> languages(Locale locale) {
        return languages.get(LanguageConfiguration.supported(locale).getLanguage());
    }

    public String countryName(String code, Locale locale) {
        return code == null ? "" : Locale.of("", code).getDisplayCountry(locale);
    }

    public String languageName(String code, Locale locale) {
        return code == null ? "" : capitalise(Locale.of(code).getDisplayLanguage(locale), locale);
    }

    private static String capitalise(String text, Locale locale) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(locale) + text.substring(1);
    }
}
