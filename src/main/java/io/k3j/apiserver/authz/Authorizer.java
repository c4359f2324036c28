package io.k3j.apiserver.authz;

/** Decides whether a request is allowed. Implementations are thread-safe. */
public interface Authorizer {

    /** An authorizer's answer, as upstream's (Decision, reason): allowed or no opinion, with an optional reason. */
    record Decision(boolean allowed, String reason) {

        /** No opinion and no reason: what an authorizer says about a request none of its rules covers. */
        public static final Decision NO_OPINION = new Decision(false, "");
    }

    boolean allowed(Attributes attributes);

    /**
     * The decision with upstream's reason, for the access reviews; by default the plain answer without a reason.
     * Must agree with {@link #allowed}.
     */
    default Decision authorize(Attributes attributes) {
        return allowed(attributes) ? new Decision(true, "") : Decision.NO_OPINION;
    }
}
