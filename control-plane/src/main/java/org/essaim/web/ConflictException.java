package org.essaim.web;

import java.util.List;
import java.util.Map;

/**
 * The request is well formed but the state of things forbids it (the address is taken, no campaign is open, the
 * application was already decided). Nothing was changed. The API answers 409; pages explain it in words.
 * {@code code} names the problem ({@code problem.<code>.title} and {@code .detail} in the bundles).
 */
public class ConflictException extends RuntimeException {

    private final String code;
    private final transient List<Object> arguments;
    private final transient List<FieldProblem> fields;

    public ConflictException(String code, Object... arguments) {
        this(code, List.of(), arguments);
    }

    public ConflictException(String code, List<FieldProblem> fields, Object... arguments) {
        super(code);
        this.code = code;
        this.arguments = List.of(arguments);
        this.fields = List.copyOf(fields);
    }

    public String code() {
        return code;
    }

    public Object[] arguments() {
        return arguments.toArray();
    }

    /** What the problem+json answer carries besides its type, title and detail (none unless a subclass says). */
    public Map<String, Object> properties() {
        return Map.of();
    }

    /** The fields the conflict is about, if any (the slug, for a taken address). */
    public List<FieldProblem> fields() {
        return fields;
    }
}
