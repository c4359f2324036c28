package io.k3j.apiserver.registry;

import java.util.List;

/** The strategy of kinds whose only special behaviour is extra field-selector fields (events, nodes, …). */
record SelectableFieldsStrategy(List<String> selectableFields) implements Strategy {
}
