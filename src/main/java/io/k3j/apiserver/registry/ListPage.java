package io.k3j.apiserver.registry;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** One page of a list: items, the revision they are consistent at, the next token, remaining count. */
public record ListPage(List<ObjectNode> items, long revision, String continueToken, Long remainingItemCount) {
}
