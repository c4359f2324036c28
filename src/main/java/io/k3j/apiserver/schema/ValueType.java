package io.k3j.apiserver.schema;

/**
 * The type of a field's value in the API schema: a scalar, one of the apimachinery types with
 * their own JSON and protobuf forms, a named object type, a list or a string-keyed map.
 */
public sealed interface ValueType {

    /** Scalars as JSON and protobuf carry them. */
    enum Scalar implements ValueType {
        STRING, BOOL, INT32, INT64, DOUBLE,
        /** Base64 text in JSON, raw bytes in protobuf. */
        BYTES
    }

    /** apimachinery types with a JSON form of their own (not an object of their protobuf fields). */
    enum Special implements ValueType {
        /** meta/v1 Time: RFC 3339 with seconds; protobuf {seconds, nanos}. */
        TIME,
        /** meta/v1 MicroTime: RFC 3339 with microseconds; protobuf {seconds, nanos}. */
        MICRO_TIME,
        /** meta/v1 Duration: Go duration text ("1h0m0s"); protobuf {duration in ns}. */
        DURATION,
        /** intstr IntOrString: a number or a string; protobuf {type, intVal, strVal}. */
        INT_OR_STRING,
        /** resource Quantity: a string ("100m", "1Gi"); protobuf {string}. */
        QUANTITY,
        /** runtime RawExtension: any embedded JSON object; protobuf {raw bytes}. */
        RAW_EXTENSION,
        /** meta/v1 FieldsV1: an embedded JSON object; protobuf {raw bytes}. */
        FIELDS_V1
    }

    /** An object type defined in the schema files, resolved by name. */
    record Ref(String name) implements ValueType {
    }

    /** A list of values. */
    record ListOf(ValueType items) implements ValueType {
    }

    /** A map with string keys. */
    record MapOf(ValueType values) implements ValueType {
    }
}
