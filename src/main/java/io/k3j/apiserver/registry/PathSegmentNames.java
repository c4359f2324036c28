package io.k3j.apiserver.registry;

/** The strategy of kinds whose names are path segments rather than DNS names (RBAC objects). */
final class PathSegmentNames {

    private PathSegmentNames() {
    }

    static final Strategy STRATEGY = new Strategy() {
        @Override
        public boolean nameIsPathSegment() {
            return true;
        }
    };
}
