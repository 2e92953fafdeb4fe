package org.essaim.member.csv;

import java.util.List;

/**
 * Why a row is refused: the column it is about ({@code name}, {@code email}, {@code role} or {@code row} for the
 * whole row), a message key and its arguments. Rendered as "column: message" in the reader's language.
 */
public record RowProblem(String column, String code, List<Object> arguments) {

    public RowProblem {
        arguments = List.copyOf(arguments);
    }

    public static RowProblem of(String column, String code, Object... arguments) {
        return new RowProblem(column, code, List.of(arguments));
    }

    public Object[] argumentArray() {
        return arguments.toArray();
    }
}
