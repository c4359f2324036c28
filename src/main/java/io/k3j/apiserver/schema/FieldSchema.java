package io.k3j.apiserver.schema;

import java.util.List;

/**
 * One field of an object type: its JSON name, value type and protobuf field number, plus the
 * markers clients and the server act on.
 *
 * @param json          the JSON member name
 * @param type          the value type
 * @param proto         the protobuf field number (0: not carried in protobuf)
 * @param pointer       the Go field is a pointer: an explicit zero value is kept, not omitted
 * @param required      required in OpenAPI
 * @param listType      for lists: "atomic", "set" or "map"; null for non-lists and the default
 * @param listMapKeys   for {@code listType} "map": the item fields that identify an item
 * @param patchStrategy strategic merge patch strategy ("merge", "replace", "retainKeys",
 *                      "merge,retainKeys"); null when absent
 * @param patchMergeKey strategic merge patch key for lists of objects; null when absent
 * @param description   what the field means, for OpenAPI and {@code kubectl explain}
 * @param inline        a Go embedded struct: the fields of {@code type} are members of the enclosing JSON
 *                      object (and {@code json} names only the protobuf field), while protobuf carries
 *                      them as one nested message numbered {@code proto}
 */
public record FieldSchema(String json, ValueType type, int proto, boolean pointer, boolean required,
                          String listType, List<String> listMapKeys, String patchStrategy, String patchMergeKey,
                          String description, boolean inline) {
}
