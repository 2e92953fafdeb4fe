package org.essaim.ldap;

import java.util.List;

/**
 * A password the policy refuses; {@link #refusal()} is the stable code the control plane localizes, and for a weak
 * one {@link #warning()} and {@link #suggestions()} are zxcvbn's feedback keys.
 */
public class PasswordRefusedException extends RuntimeException {

    private final PasswordPolicy.Verdict verdict;

    public PasswordRefusedException(PasswordPolicy.Refusal refusal) {
        this(PasswordPolicy.Verdict.of(refusal));
    }

    public PasswordRefusedException(PasswordPolicy.Verdict verdict) {
        super("Password refused by the policy: " + verdict.refusal());
        this.verdict = verdict;
    }

    public PasswordPolicy.Refusal refusal() {
        return verdict.refusal();
    }

    public String warning() {
        return verdict.warning();
    }

    public List<String> suggestions() {
        return verdict.suggestions();
    }

    public PasswordPolicy.Verdict verdict() {
        return verdict;
    }
}
