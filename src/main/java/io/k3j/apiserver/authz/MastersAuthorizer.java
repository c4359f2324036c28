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
        return a.user().groups().contains(MASTERS) || (next != null && next.allowed(a));
    }
}
