package io.k3j.apiserver.admission;

import io.k3j.apiserver.registry.Admission;
import java.util.List;

/** The admission plugins of one resource, in order: every mutating step, then every validating one. Immutable. */
public record AdmissionChain(List<AdmissionPlugin> plugins) implements Admission {

    public AdmissionChain {
        plugins = List.copyOf(plugins);
    }

    @Override
    public void admit(Attributes a) {
        for (AdmissionPlugin p : plugins) {
            p.admit(a);
        }
    }

    @Override
    public void validate(Attributes a) {
        for (AdmissionPlugin p : plugins) {
            p.validate(a);
        }
    }
}
