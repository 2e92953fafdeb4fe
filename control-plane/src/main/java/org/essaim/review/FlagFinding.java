package org.essaim.review;

import java.util.List;

/** One flag raised on an application, with its reason (a message key and its arguments). */
public record FlagFinding(Flag flag, String reasonKey, List<Object> arguments) {

    public FlagFinding {
        arguments = List.copyOf(arguments);
    }

    static FlagFinding of(Flag flag, String reasonKey, Object... arguments) {
        return new FlagFinding(flag, reasonKey, List.of(arguments));
    }

    public Object[] argumentArray() {
        return arguments.toArray();
    }
}
