package org.essaim.security;

import org.springframework.security.core.AuthenticationException;

/** Too many failed sign-ins for this account from this address (or from this address) in the past hour. */
class SignInThrottledException extends AuthenticationException {

    SignInThrottledException() {
        super("Too many failed sign-ins; try again later");
    }
}
