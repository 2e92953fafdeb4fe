package org.essaim.mail;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.util.Locale;
import java.util.Map;

/**
 * Renders emails from the localized text templates in {@code admin-ui} ({@code templates/mail/<name>.txt}),
 * with the same message bundles as the pages. The subject is the message {@code mail.<name>.subject}.
 */
@Component
public class MailTemplates {

    private final TemplateEngine engine;
    private final MessageSource messages;

    MailTemplates(MessageSource messages) {
        this.messages = messages;
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setSuffix(".txt");
        resolver.setTemplateMode(TemplateMode.TEXT);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        SpringTemplateEngine springEngine = new SpringTemplateEngine();
        springEngine.setTemplateResolver(resolver);
        springEngine.setTemplateEngineMessageSource(messages);
        this.engine = springEngine;
    }

    public RenderedMail render(String template, Locale locale, Map<String, Object> variables) {
        Context context = new Context(locale, variables);
        String body = engine.process(template, context);
        String subject = messages.getMessage(
                "mail." + template + ".subject", variables.values().toArray(), locale);
        return new RenderedMail(subject, body);
    }

    public record RenderedMail(String subject, String body) {}
}
