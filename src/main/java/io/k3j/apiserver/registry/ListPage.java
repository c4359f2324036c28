package io.k3j.apiserver.registry;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One page of a list: items, the revision they are consistent at, the next token, remaining
 * count; {@code encoded}, when not null, holds each item's JSON (from the watch cache) so a
 * plain list can be written without serializing the objects again.
 */
public record ListPage(List<ObjectNode> items, long revision, String continueToken, Long remainingItemCount,
                       List<byte[]> encoded) {

    public ListPage(List<ObjectNode> items, long revision, String continueToken, Long remainingItemCount) {
        this(items, revision, continueToken, remainingItemCount, null);
    }
}
