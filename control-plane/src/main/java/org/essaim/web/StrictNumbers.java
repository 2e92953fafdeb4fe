package org.essaim.web;

import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

import java.beans.PropertyEditorSupport;
import java.util.regex.Pattern;

/**
 * Numeric ids in paths and parameters are ASCII digits only. Spring's own conversion trims, takes a sign, {@code 0x}
 * hex and any Unicode digit ({@code %201}, {@code +1}, {@code 0x1}, {@code ١}, {@code １} all meant campaign 1), and
 * when a converter refuses it falls back to its default number editor, which takes them again. So the binders get
 * an editor of their own for {@code long}/{@code Long}/{@code int}/{@code Integer}: anything but plain digits is a
 * type mismatch, which is a 400.
 */
@ControllerAdvice
class StrictNumbers {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    @InitBinder
    void strictIds(WebDataBinder binder) {
        binder.registerCustomEditor(long.class, new Digits(false, false));
        binder.registerCustomEditor(Long.class, new Digits(true, false));
        binder.registerCustomEditor(int.class, new Digits(false, true));
        binder.registerCustomEditor(Integer.class, new Digits(true, true));
    }

    private static final class Digits extends PropertyEditorSupport {

        private final boolean allowEmpty;
        private final boolean integer;

        Digits(boolean allowEmpty, boolean integer) {
            this.allowEmpty = allowEmpty;
            this.integer = integer;
        }

        @Override
        public void setAsText(String text) {
            if (text == null || text.isEmpty()) {
                if (!allowEmpty) {
                    throw new IllegalArgumentException("A number is required");
                }
                setValue(null);
                return;
            }
            if (!DIGITS.matcher(text).matches()) {
                throw new IllegalArgumentException("Not an id: ASCII digits only");
            }
            long value = Long.parseLong(text);
            if (integer && value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Not an id: too large");
            }
            setValue(integer ? (Object) (int) value : (Object) value);
        }
    }
}
