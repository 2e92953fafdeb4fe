package org.essaim.ldap;

import com.unboundid.ldap.sdk.ResultCode;

/** The directory answered but refused the operation (policy, access rights, constraint). */
public class DirectoryRefusalException extends RuntimeException {

    private final ResultCode resultCode;

    public DirectoryRefusalException(ResultCode resultCode, String message) {
        super(resultCode.getName() + (message == null || message.isBlank() ? "" : ": " + message));
        this.resultCode = resultCode;
    }

    public ResultCode resultCode() {
        return resultCode;
    }
}
