package org.essaim.ldap;

/** A password the policy refuses; {@link #refusal()} is the stable code the control plane localizes. */
public class PasswordRefusedException extends RuntimeException {

    private final PasswordPolicy.Refusal refusal;

    public PasswordRefusedException(PasswordPolicy.Refusal refusal) {
        super("Password refused by the policy: " + refusal);
        this.refusal = refusal;
    }

    public PasswordPolicy.Refusal refusal() {
        return refusal;
    }
}
