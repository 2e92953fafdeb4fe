package org.essaim.web;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JSON request body field by field as text, so that the API and the HTML forms go through the same
 * validation and a wrong type is reported on its field like any other mistake, together with all the others.
 */
public final class JsonFields {

    private JsonFields() {}

    /** The fields read, and the fields of the wrong type (which read as null). */
    public record Read(Map<String, String> values, List<FieldProblem> problems) {

        public String get(String name) {
            return values.get(name);
        }

        /**
         * Throws every problem: the wrong types found here, then those {@code validation} finds on the other fields
         * (a wrong-typed field read as absent, so its "required" is dropped in favour of "wrong type").
         */
        public void failWith(List<FieldProblem> validation) {
            List<FieldProblem> all = new ArrayList<>(problems);
            Set<String> typed = new HashSet<>();
            problems.forEach(p -> typed.add(p.field()));
            validation.stream().filter(p -> !typed.contains(p.field())).forEach(all::add);
            if (!all.isEmpty()) {
                throw new InvalidInputException(all);
            }
        }
    }

    /**
     * Strings as they are, numbers and booleans as written, null or absent as null. A field holding an object or an
     * array is a problem {@code input.type}; a body that is not an object is one problem on the field {@code ""}.
     */
    public static Read readAll(JsonNode body, List<String> names) {
        if (body == null || !body.isObject()) {
            throw new InvalidInputException(FieldProblem.of("", "input.jsonObject"));
        }
        Map<String, String> values = new HashMap<>();
        List<FieldProblem> problems = new ArrayList<>();
        for (String name : names) {
            JsonNode node = body.get(name);
            if (node == null || node.isNull() || node.isMissingNode()) {
                values.put(name, null);
            } else if (node.isString()) {
                values.put(name, node.stringValue());
            } else if (node.isNumber() || node.isBoolean()) {
                values.put(name, node.toString());
            } else {
                values.put(name, null);
                problems.add(FieldProblem.of(name, "input.type"));
            }
        }
        return new Read(values, problems);
    }

    /** Like {@link #readAll}, but throws at once when a field has the wrong type. */
    public static Map<String, String> read(JsonNode body, List<String> names) {
        Read read = readAll(body, names);
        if (!read.problems().isEmpty()) {
            throw new InvalidInputException(read.problems());
        }
        return read.values();
    }
}
