package org.essaim.web;

import java.io.Serializable;
import java.util.List;

/**
 * One invalid field: its name (as the form and the API call it), a message key and the message's arguments. Pages
 * show the message next to the field; the API lists it in the problem's {@code errors}. Serializable: a page may
 * keep it in a flash attribute, and sessions are stored in the database.
 */
public record FieldProblem(String field, String code, List<Object> arguments) implements Serializable {

    public FieldProblem {
        arguments = List.copyOf(arguments);
    }

    public static FieldProblem of(String field, String code, Object... arguments) {
        return new FieldProblem(field, code, List.of(arguments));
    }

    public Object[] argumentArray() {
        return arguments.toArray();
    }
}
