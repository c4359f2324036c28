package io.k3j.client.informer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import tools.jackson.databind.node.ObjectNode;

/** The {@link Indexer} informers keep (upstream's threadSafeMap): a read-write locked map plus indexes. */
public final class ThreadSafeIndexer implements Indexer {

    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    private final Map<String, ObjectNode> items = new HashMap<>();
    private final Map<String, IndexFunc> functions = new LinkedHashMap<>();
    /** index name → value → keys */
    private final Map<String, Map<String, Set<String>>> indices = new HashMap<>();

    public ThreadSafeIndexer() {
        this(Map.of());
    }

    public ThreadSafeIndexer(Map<String, IndexFunc> indexers) {
        indexers.forEach(this::addIndexer);
    }

    @Override
    public Optional<ObjectNode> add(ObjectNode object) {
        String key = Store.key(object);
        rw.writeLock().lock();
        try {
            ObjectNode old = items.put(key, object);
            if (old != null) {
                unindex(key, old);
            }
            index(key, object);
            return Optional.ofNullable(old);
        } finally {
            rw.writeLock().unlock();
        }
    }

    @Override
    public Optional<ObjectNode> delete(ObjectNode object) {
        String key = Store.key(object);
        rw.writeLock().lock();
        try {
            ObjectNode old = items.remove(key);
            if (old != null) {
                unindex(key, old);
            }
            return Optional.ofNullable(old);
        } finally {
            rw.writeLock().unlock();
        }
    }

    @Override
    public Optional<ObjectNode> get(String key) {
        rw.readLock().lock();
        try {
            return Optional.ofNullable(items.get(key));
        } finally {
            rw.readLock().unlock();
        }
    }

    @Override
    public List<ObjectNode> list() {
        rw.readLock().lock();
        try {
            return List.copyOf(items.values());
        } finally {
            rw.readLock().unlock();
        }
    }

    @Override
    public List<String> listKeys() {
        rw.readLock().lock();
        try {
            return List.copyOf(items.keySet());
        } finally {
            rw.readLock().unlock();
        }
    }

    @Override
    public void replace(List<ObjectNode> objects) {
        rw.writeLock().lock();
        try {
            items.clear();
            indices.values().forEach(Map::clear);
            for (ObjectNode o : objects) {
                String key = Store.key(o);
                items.put(key, o);
                index(key, o);
            }
        } finally {
            rw.writeLock().unlock();
        }
    }

    @Override
    public List<ObjectNode> byIndex(String indexName, String value) {
        rw.readLock().lock();
        try {
            List<ObjectNode> out = new ArrayList<>();
            for (String key : keys(indexName, value)) {
                out.add(items.get(key));
            }
            return out;
        } finally {
            rw.readLock().unlock();
        }
    }

    @Override
    public Set<String> indexKeys(String indexName, String value) {
        rw.readLock().lock();
        try {
            return Set.copyOf(keys(indexName, value));
        } finally {
            rw.readLock().unlock();
        }
    }

    @Override
    public Set<String> listIndexFuncValues(String indexName) {
        rw.readLock().lock();
        try {
            return Set.copyOf(index(indexName).keySet());
        } finally {
            rw.readLock().unlock();
        }
    }

    @Override
    public void addIndexer(String name, IndexFunc function) {
        rw.writeLock().lock();
        try {
            if (functions.containsKey(name)) {
                throw new IllegalArgumentException("index " + name + " already exists");
            }
            functions.put(name, function);
            Map<String, Set<String>> idx = new HashMap<>();
            indices.put(name, idx);
            items.forEach((key, o) -> add(idx, function, key, o));
        } finally {
            rw.writeLock().unlock();
        }
    }

    private Map<String, Set<String>> index(String name) {
        Map<String, Set<String>> idx = indices.get(name);
        if (idx == null) {
            throw new IllegalArgumentException("index " + name + " does not exist");
        }
        return idx;
    }

    private Set<String> keys(String indexName, String value) {
        return index(indexName).getOrDefault(value, Set.of());
    }

    private void index(String key, ObjectNode o) {
        functions.forEach((name, f) -> add(indices.get(name), f, key, o));
    }

    private static void add(Map<String, Set<String>> idx, IndexFunc f, String key, ObjectNode o) {
        for (String v : f.index(o)) {
            idx.computeIfAbsent(v, x -> new HashSet<>()).add(key);
        }
    }

    private void unindex(String key, ObjectNode o) {
        functions.forEach((name, f) -> {
            Map<String, Set<String>> idx = indices.get(name);
            for (String v : f.index(o)) {
                Set<String> keys = idx.get(v);
                if (keys != null) {
                    keys.remove(key);
                    if (keys.isEmpty()) {
                        idx.remove(v);
                    }
                }
            }
        });
    }
}
