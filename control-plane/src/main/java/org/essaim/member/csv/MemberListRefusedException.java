package org.essaim.member.csv;

import java.util.List;

/**
 * A member list refused as a whole (empty, too large, binary, not UTF-8...): nothing of it was read into the
 * directory. {@link #code()} names the message {@code memberimport.file.<code>}, with {@link #arguments()}.
 */
public class MemberListRefusedException extends RuntimeException {

    private final String code;
    private final transient List<Object> arguments;

    public MemberListRefusedException(String code, Object... arguments) {
        super("member list refused: " + code);
        this.code = code;
        this.arguments = List.of(arguments);
    }

    public String code() {
        return code;
    }

    public String messageKey() {
        return "memberimport.file." + code;
    }

    public Object[] arguments() {
        return arguments.toArray();
    }
}
