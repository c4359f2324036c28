package io.k3j.apiserver.authz;

/** Allows members of {@code system:masters} everything, as upstream does before RBAC is consulted. */
public final class MastersAuthorizer implements Authorizer {

    public static final String MASTERS = "system:masters";

    private final Authorizer next;

    public MastersAuthorizer(Authorizer next) {
        this.next = next;
    }

    @Override
    public boolean allowed(Attributes a) {
        return isMaster(a) || (next != null && next.allowed(a));
    }

    /** Upstream's privileged-group authorizer gives no reason; otherwise the next authorizer decides. */
    @Override
    public Decision authorize(Attributes a) {
        if (isMaster(a)) {
            return new Decision(true, "");
        }
        return next == null ? Decision.NO_OPINION : next.authorize(a);
    }

    private static boolean isMaster(Attributes a) {
        return a.user().groups() != null && a.user().groups().contains(MASTERS);
    }
}
