package io.k3j.apiserver.registry;

import tools.jackson.databind.node.ObjectNode;

/**
 * What the store runs on a write besides the kind's strategy, for rules that need more than the
 * object itself (defaults from other objects, IP and port allocation, quota). {@link #admit}
 * (mutating) runs after the strategy's defaulting and before validation, {@link #validate}
 * (validating) after validation, just before the write; a rejection is an ApiException. Deletes
 * only see {@link #validate}. Status writes skip both. Thread-safe.
 */
public interface Admission {

    /** The kind of write being admitted. */
    enum Operation { CREATE, UPDATE, DELETE }

    /**
     * One write: {@code object} is the object to be stored (null on delete, may be changed by
     * mutating steps), {@code oldObject} the stored one (null on create).
     */
    record Attributes(Operation operation, ResourceType type, String namespace, String name, ObjectNode object,
                      ObjectNode oldObject, boolean dryRun) {

        public boolean isCreate() {
            return operation == Operation.CREATE;
        }

        public boolean isUpdate() {
            return operation == Operation.UPDATE;
        }

        /** Whether this write is to {@code resource} of the core group. */
        public boolean isCore(String resource) {
            return type.group().isEmpty() && type.resource().equals(resource);
        }
    }

    /** Mutating step: adjusts {@code a.object()} or rejects the write. */
    default void admit(Attributes a) {
    }

    /** Validating step: accepts or rejects the write as it will be stored. */
    default void validate(Attributes a) {
    }

    /** Admission that changes and rejects nothing. */
    Admission NONE = new Admission() {
    };

    /** This admission followed by {@code next} in each phase. */
    default Admission then(Admission next) {
        Admission first = this;
        return new Admission() {
            @Override
            public void admit(Attributes a) {
                first.admit(a);
                next.admit(a);
            }

            @Override
            public void validate(Attributes a) {
                first.validate(a);
                next.validate(a);
            }
        };
    }
}
