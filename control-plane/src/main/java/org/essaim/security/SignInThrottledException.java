package org.essaim.security;

import org.springframework.security.core.AuthenticationException;

/**
 * A sign-in refused by a failed-sign-in limit: too many failures for this account from this address
 * ({@link Scope#ACCOUNT}, refused even with the right password), or a wrong password from an address past its own
 * limit ({@link Scope#ADDRESS}; the right password still signs in). Says when trying again makes sense.
 */
class SignInThrottledException extends AuthenticationException {

    enum Scope {
        ACCOUNT,
        ADDRESS
    }

    private final Scope scope;
    private final long retryAfterSeconds;

    SignInThrottledException(Scope scope, long retryAfterSeconds) {
        super("Too many failed sign-ins; try again later");
        this.scope = scope;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    Scope scope() {
        return scope;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Whole minutes, rounded up, for people. */
    long retryAfterMinutes() {
        return (retryAfterSeconds + 59) / 60;
    }
}
