package io.k3j.apiserver;

/** One named check behind /healthz, /livez and /readyz; {@code check} throws when unhealthy. */
public interface HealthCheck {

    String name();

    void check() throws Exception;

    static HealthCheck of(String name, CheckBody body) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void check() throws Exception {
                body.run();
            }
        };
    }

    /** The body of a check. */
    @FunctionalInterface
    interface CheckBody {
        void run() throws Exception;
    }
}
