package org.essaim.web;

import org.springframework.ui.Model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The second step of a destructive form, without JavaScript: the form posts as before; without
 * {@code confirmed=true} the handler answers this page instead of acting. It says what will happen, posts the same
 * fields again with {@code confirmed=true}, and offers a way back. The same page is also reachable by GET on the
 * action's address, so a link can lead to it.
 *
 * @param title       message key of the page's heading
 * @param consequence message key of what will happen, with {@code arguments}
 * @param arguments   the consequence's arguments (names, addresses)
 * @param action      where the confirmed form posts (the original action)
 * @param button      message key of the confirm button
 * @param cancel      where "cancel" leads (the page the form was on)
 * @param fields      the original form's other fields, posted again unchanged
 */
public record Confirmation(
        String title,
        String consequence,
        List<Object> arguments,
        String action,
        String button,
        String cancel,
        Map<String, String> fields) {

    public static final String VIEW = "confirm";
    public static final String PARAMETER = "confirmed";

    public static Confirmation of(String prefix, String action, String cancel, Object... arguments) {
        return new Confirmation(
                prefix + ".title",
                prefix + ".consequence",
                List.of(arguments),
                action,
                prefix + ".button",
                cancel,
                Map.of());
    }

    public Confirmation with(String field, String value) {
        Map<String, String> more = new LinkedHashMap<>(fields);
        more.put(field, value);
        return new Confirmation(title, consequence, arguments, action, button, cancel, more);
    }

    public Object[] argumentArray() {
        return arguments.toArray();
    }

    /** Puts the page in the model and names its view. */
    public String show(Model model) {
        model.addAttribute("confirmation", this);
        return VIEW;
    }
}
