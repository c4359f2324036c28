package io.k3j.apiserver.registry;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.api.Validation;
import io.k3j.apiserver.fieldmanager.FieldManager;
import io.k3j.apiserver.schema.BuiltinTypes;
import io.k3j.apiserver.schema.Schema;
import io.k3j.apiserver.watch.CacheWatcher;
import io.k3j.apiserver.watch.CachedObject;
import io.k3j.apiserver.watch.WatchCache;
import io.k3j.apiserver.watch.WatchSink;
import io.k3j.storage.CompactedException;
import io.k3j.storage.ConflictException;
import io.k3j.storage.KeyExistsException;
import io.k3j.storage.KeyNotFoundException;
import io.k3j.storage.KeyValue;
import io.k3j.storage.ListResult;
import io.k3j.storage.Backend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one store behind every resource: upstream's object-metadata rules, optimistic
 * concurrency, finalizers and dry-run over the revisioned {@link Backend}, with reads served by
 * the resource's {@link WatchCache}. Objects travel as JSON trees. Thread-safe.
 */
public final class GenericStore {

    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
    /** Names tried for one generateName create before AlreadyExists is returned (upstream's count). */
    private static final int GENERATE_NAME_ATTEMPTS = 8;
    /**
     * How often a patch, apply or unconditional update is recomputed when another write won the
     * race (upstream's GuaranteedUpdate retries without a limit; a busy object, such as a budget
     * whose status the disruption controller keeps writing, needs more than a few).
     */
    private static final int PATCH_RETRIES = 16;
    /** The garbage collector's finalizers (upstream's metav1.FinalizerOrphanDependents / DeleteDependents). */
    public static final String ORPHAN_FINALIZER = "orphan";
    public static final String FOREGROUND_FINALIZER = "foregroundDeletion";

    /** The field manager of writes the server makes itself (bootstrap objects and the like). */
    public static final String SERVER_MANAGER = "kube-apiserver";

    private final ResourceType type;
    private final Backend backend;
    private final WatchCache cache;
    private final NamespaceCheck namespaces;
    private final Clock clock;
    private final RandomGenerator names;
    private final FieldManager fieldManager;
    private volatile Admission admission = Admission.NONE;
    private final java.util.concurrent.CopyOnWriteArrayList<WriteObserver> observers =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public GenericStore(ResourceType type, Backend backend, WatchCache cache, NamespaceCheck namespaces, Clock clock) {
        this(type, backend, cache, namespaces, clock, null);
    }

    /** As above, drawing generated name suffixes from {@code names} (null: a thread-local source). */
    GenericStore(ResourceType type, Backend backend, WatchCache cache, NamespaceCheck namespaces, Clock clock,
                 RandomGenerator names) {
        this.names = names;
        this.type = type;
        this.backend = backend;
        this.cache = cache;
        this.namespaces = namespaces;
        this.clock = clock;
        this.fieldManager = new FieldManager(BuiltinTypes.forKind(type.group(), type.kind()), type.apiVersion(),
                type.kind(), type.hasStatus(), Schema.builtin());
    }

    public ResourceType type() {
        return type;
    }

    /** Installs the admission of this resource (one per resource; a chain of steps is one Admission). */
    public void setAdmission(Admission admission) {
        this.admission = admission == null ? Admission.NONE : admission;
    }

    /** Adds an observer told about every committed write of this resource. */
    public void addObserver(WriteObserver observer) {
        observers.add(observer);
    }

    private void notifyObservers(String namespace, String name, String subresource, ObjectNode before,
                                 ObjectNode after) {
        for (WriteObserver o : observers) {
            try {
                o.written(type, namespace, name, subresource, before, after);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(GenericStore.class).warn("write observer failed on {} {}/{}: {}",
                        type.resource(), namespace, name, e.toString());
            }
        }
    }

    public WatchCache cache() {
        return cache;
    }

    // ---------------------------------------------------------------- reads

    /**
     * A consistent read of one object. Like upstream, a single-object read without a
     * resourceVersion goes to the datastore (one indexed lookup) rather than waiting for the
     * cache to catch up.
     */
    public ObjectNode get(String namespace, String name) {
        KeyValue kv = backend.get(type.key(namespace, name), 0).orElseThrow(() -> notFound(name));
        ObjectNode obj = Json.readStored(kv.value());
        Meta.metadata(obj).put("resourceVersion", Long.toString(kv.modRevision()));
        return obj;
    }

    /** A read of one object from the watch cache, as fresh as {@code resourceVersion} asks ("0": any). */
    public ObjectNode getCached(String namespace, String name, String resourceVersion) {
        if (resourceVersion != null && !resourceVersion.isEmpty() && !resourceVersion.equals("0")) {
            cache.waitFresh(parseRevision(resourceVersion), Duration.ofSeconds(3));
        }
        CachedObject o = cache.get(type.key(namespace, name));
        if (o == null) {
            throw notFound(name);
        }
        return o.object();
    }

    /** Lists as upstream's cacher does; a continuation reads the datastore at the first page's revision. */
    public ListPage list(String namespace, ListOptions opts) {
        String prefix = type.prefix(namespace);
        String rv = opts.resourceVersion();
        if (opts.continueToken() != null && !opts.continueToken().isEmpty()) {
            return DatastoreList.continued(backend, prefix, opts);
        }
        if ("Exact".equals(opts.resourceVersionMatch())) {
            return DatastoreList.read(backend, prefix, null, opts, parseRevision(rv), false);
        }
        if (rv == null || rv.isEmpty()) {
            cache.waitConsistent();
        } else if (!rv.equals("0")) {
            cache.waitFresh(parseRevision(rv), Duration.ofSeconds(3));
        }
        WatchCache.Page page = cache.list(prefix, null, opts.limit(), opts.filter());
        String token = page.more() ? new ContinueToken(page.revision(), page.items().getLast().key()).encode() : null;
        List<ObjectNode> items = new ArrayList<>(page.items().size());
        List<byte[]> encoded = new ArrayList<>(page.items().size());
        for (CachedObject o : page.items()) {
            items.add(o.object());
            encoded.add(o.json());
        }
        Long remaining = page.more() && !opts.selective() ? page.remaining() : null;
        return new ListPage(items, page.revision(), token, remaining, encoded);
    }

    public CacheWatcher watch(String namespace, ListOptions opts, boolean initialEvents, WatchSink sink) {
        String rv = opts.resourceVersion();
        long from = rv == null || rv.isEmpty() || rv.equals("0") ? 0 : parseRevision(rv);
        if (rv == null || rv.isEmpty()) {
            cache.waitConsistent();
        }
        return cache.watch(type.prefix(namespace), from, initialEvents, opts.filter(), sink, Duration.ofSeconds(3));
    }

    // ---------------------------------------------------------------- writes

    /** Creates an object as the server itself. */
    public ObjectNode create(String namespace, ObjectNode obj, boolean dryRun) {
        return create(namespace, obj, dryRun, SERVER_MANAGER);
    }

    /** Creates an object; {@code manager} becomes the owner of its fields in metadata.managedFields. */
    public ObjectNode create(String namespace, ObjectNode obj, boolean dryRun, String manager) {
        return create(namespace, obj, dryRun, manager, false);
    }

    /** As above; {@code applied} objects already carry their managedFields (server-side apply). */
    private ObjectNode create(String namespace, ObjectNode obj, boolean dryRun, String manager, boolean applied) {
        checkKind(obj);
        ObjectNode meta = Meta.metadata(obj);
        String bodyNs = Meta.string(meta, "namespace");
        if (type.namespaced()) {
            if (bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
                throw new ApiException(Status.badRequest("the namespace of the provided object does not match"
                        + " the namespace sent on the request"));
            }
            meta.put("namespace", namespace);
        } else {
            meta.remove("namespace");
        }
        String name = Meta.string(meta, "name");
        String gen = null;
        if (name == null || name.isEmpty()) {
            gen = Meta.string(meta, "generateName");
            if (gen == null || gen.isEmpty()) {
                throw invalid(null, List.of(new Status.Cause("FieldValueRequired",
                        "Required value: name or generateName is required", "metadata.name")));
            }
            name = gen + randomSuffix();
            meta.put("name", name);
        }
        meta.remove(List.of("resourceVersion", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"));
        Meta.dropEmpty(meta);
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", now());
        if (obj.has("spec")) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
        int attempts = 1;
        while (cache.get(type.key(namespace, name)) != null) {
            // AlreadyExists comes before anything that would allocate (upstream's order)
            if (gen == null || attempts++ >= GENERATE_NAME_ATTEMPTS) {
                throw new ApiException(Status.alreadyExists(type.group(), type.resource(), name));
            }
            name = gen + randomSuffix();
            meta.put("name", name);
        }
        type.strategy().prepareForCreate(obj);
        if (type.namespaced()) {
            namespaces.checkCanCreateIn(namespace);
        }
        Admission.Attributes attrs = new Admission.Attributes(Admission.Operation.CREATE, type,
                type.namespaced() ? namespace : null, name, obj, null, dryRun);
        admission.admit(attrs);
        name = Meta.name(obj);
        validate(obj, name);
        admission.validate(attrs);
        if (!applied) {
            fieldManager.update(null, obj, manager, null, now());
        }
        if (dryRun) {
            return obj;
        }
        while (true) {
            try {
                String key = type.key(namespace, name);
                long rev = store(key, obj, value -> backend.create(key, value, 0));
                meta.put("resourceVersion", Long.toString(rev));
                notifyObservers(type.namespaced() ? namespace : null, name, null, null, obj);
                return obj;
            } catch (KeyExistsException e) {
                if (gen == null || attempts++ >= GENERATE_NAME_ATTEMPTS) {
                    throw new ApiException(Status.alreadyExists(type.group(), type.resource(), name));
                }
                name = gen + randomSuffix();
                meta.put("name", name);
            }
        }
    }

    /**
     * Replaces an object (PUT). A resourceVersion in the body is a precondition; without one
     * the update is unconditional. {@code subresource} "status" changes only the status.
     */
    public ObjectNode update(String namespace, String name, ObjectNode obj, String subresource, boolean dryRun) {
        return update(namespace, name, obj, subresource, dryRun, SERVER_MANAGER);
    }

    /** Replaces an object as {@code manager} (see {@link #update(String, String, ObjectNode, String, boolean)}). */
    public ObjectNode update(String namespace, String name, ObjectNode obj, String subresource, boolean dryRun,
                             String manager) {
        checkKind(obj);
        ObjectNode meta = Meta.metadata(obj);
        String bodyName = Meta.string(meta, "name");
        if (bodyName != null && !bodyName.isEmpty() && !bodyName.equals(name)) {
            throw new ApiException(Status.badRequest("the name of the object (" + bodyName + ") does not match the"
                    + " name on the URL (" + name + ")"));
        }
        String bodyNs = Meta.string(meta, "namespace");
        if (type.namespaced() && bodyNs != null && !bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
            throw new ApiException(Status.badRequest("the namespace of the provided object does not match the"
                    + " namespace sent on the request"));
        }
        String rv = Meta.resourceVersion(obj);
        long expected = rv == null || rv.isEmpty() ? 0 : parseRevision(rv);
        for (int attempt = 0; ; attempt++) {
            try {
                return write(namespace, name, current -> obj.deepCopy(), expected, subresource, dryRun, false, manager,
                        false, attempt == 0);
            } catch (ConflictRetry retry) {
                // unconditional: write over whatever is there now
                if (attempt >= PATCH_RETRIES) {
                    throw conflict(name);
                }
            }
        }
    }

    /** Applies {@code change} to the current object and writes it as the server, retrying on conflicts. */
    public ObjectNode patch(String namespace, String name, UnaryOperator<ObjectNode> change, String subresource,
                            boolean dryRun) {
        return patch(namespace, name, change, subresource, dryRun, SERVER_MANAGER);
    }

    /**
     * Applies {@code change} to the current object and writes it as {@code manager}, retrying on
     * conflicts. {@code subresource} is null, "status" or "scale" (which writes like the main
     * resource but is recorded as such in managedFields).
     */
    public ObjectNode patch(String namespace, String name, UnaryOperator<ObjectNode> change, String subresource,
                            boolean dryRun, String manager) {
        return rewrite(namespace, name, current -> change.apply(current.deepCopy()), subresource, dryRun, manager);
    }

    /**
     * Like {@link #patch}, for a change that copies only what it changes: {@code edit} is given the
     * current object, frozen ({@link Json#freeze}), and returns the object to write, which may hold
     * members of the current one (they stay frozen) but whose top level and metadata are its own.
     */
    public ObjectNode rewrite(String namespace, String name, java.util.function.Function<ObjectNode, ObjectNode> edit,
                              String subresource, boolean dryRun, String manager) {
        for (int attempt = 0; ; attempt++) {
            try {
                return write(namespace, name, edit, 0, subresource, dryRun, true, manager, false, attempt == 0);
            } catch (ConflictRetry retry) {
                if (attempt >= PATCH_RETRIES) {
                    throw new ApiException(Status.conflict(type.group(), type.resource(), name,
                            "the object has been modified; please apply your changes to the latest version and"
                                    + " try again"));
                }
            }
        }
    }

    /**
     * Server-side apply of {@code config} by {@code manager} (see {@link FieldManager#apply}):
     * creates the object when it does not exist (through the main resource only, with the
     * whole create path: defaulting, admission, validation), otherwise merges into it and
     * writes it like an update, retrying when another write comes between. The applied object
     * must be the one named on the URL (400 otherwise, after the merge, as upstream checks).
     */
    public Applied apply(String namespace, String name, ObjectNode config, String subresource, boolean dryRun,
                         String manager, boolean force) {
        for (int attempt = 0; ; attempt++) {
            if (backend.get(type.key(namespace, name), 0).isEmpty()) {
                if (subresource != null) {
                    throw notFound(name);
                }
                ObjectNode created = fieldManager.apply(null, config, manager, null, force, now());
                checkAppliedName(created, namespace, name);
                try {
                    return new Applied(create(namespace, created, dryRun, manager, true), true);
                } catch (ApiException e) {
                    // created meanwhile by someone else: apply to that
                    if (!"AlreadyExists".equals(e.status().reason()) || attempt >= PATCH_RETRIES) {
                        throw e;
                    }
                    continue;
                }
            }
            try {
                return new Applied(write(namespace, name, current -> {
                    ObjectNode applied = fieldManager.apply(current.deepCopy(), config, manager, subresource, force,
                            now());
                    checkAppliedName(applied, namespace, name);
                    return applied;
                }, 0, subresource, dryRun, true, manager, true, attempt == 0), false);
            } catch (ConflictRetry retry) {
                if (attempt >= PATCH_RETRIES) {
                    throw conflict(name);
                }
            } catch (ApiException e) {
                // deleted meanwhile: create it
                if (e.status().code() != 404 || subresource != null || attempt >= PATCH_RETRIES) {
                    throw e;
                }
            }
        }
    }

    /** What an apply wrote, and whether it created the object. */
    public record Applied(ObjectNode object, boolean created) {
    }

    private static void checkAppliedName(ObjectNode obj, String namespace, String name) {
        String objName = Meta.name(obj);
        if (!name.equals(objName)) {
            throw new ApiException(Status.badRequest("the name of the object (" + (objName == null ? "" : objName)
                    + ") does not match the name on the URL (" + name + ")"));
        }
        String objNs = Meta.namespace(obj);
        if (namespace != null && objNs != null && !objNs.isEmpty() && !objNs.equals(namespace)) {
            throw new ApiException(Status.badRequest("the namespace of the object (" + objNs
                    + ") does not match the namespace on the URL (" + namespace + ")"));
        }
    }

    /** Signals that a patch raced another write and must be recomputed. */
    private static final class ConflictRetry extends RuntimeException {
        ConflictRetry() {
            super(null, null, false, false);
        }
    }

    /**
     * Writes {@code obj} (without its resourceVersion) with {@code write}, given its JSON, and
     * returns the revision; the watch cache is offered its own copy of the object for the
     * write's event, sparing it a parse of the JSON.
     */
    private long store(String key, ObjectNode obj, java.util.function.ToLongFunction<byte[]> write) {
        byte[] value = Json.bytes(obj);
        WatchCache.Offer offer = cache.offer(key, Json.reparsedCopy(obj), value);
        boolean stored = false;
        try {
            long rev = write.applyAsLong(value);
            stored = true;
            return rev;
        } finally {
            if (!stored) {
                cache.withdraw(offer);
            }
        }
    }

    /**
     * The object a write starts from (its resourceVersion set; the watch cache's object or the
     * datastore's, frozen either way: the write never changes it), its revision, and whether it
     * came from the watch cache.
     */
    private record Current(ObjectNode object, long modRevision, boolean cached) {
    }

    /**
     * The object as stored now. With {@code fromCache}, the watch cache's copy when it has one (at
     * the revision a conditional write expects), as upstream's GuaranteedUpdate starts from the
     * cached object: the write's compare-and-swap on the revision finds a cache that lagged, and
     * the retry then reads the datastore (as does a write that would change nothing).
     */
    private Current current(String namespace, String name, long expected, boolean fromCache) {
        String key = type.key(namespace, name);
        if (fromCache) {
            CachedObject cached = cache.get(key);
            if (cached != null && (expected == 0 || expected == cached.revision())) {
                return new Current(cached.object(), cached.revision(), true);
            }
        }
        KeyValue kv = backend.get(key, 0).orElseThrow(() -> notFound(name));
        ObjectNode obj = Json.readStored(kv.value());
        Meta.metadata(obj).put("resourceVersion", Long.toString(kv.modRevision()));
        return new Current(Json.freeze(obj), kv.modRevision(), false);
    }

    /**
     * One attempt at writing {@code namespace/name}: {@code edit} is given the current object,
     * which it must not change, and returns the object to write, its own.
     */
    private ObjectNode write(String namespace, String name, java.util.function.Function<ObjectNode, ObjectNode> edit,
                             long expected,
                             String subresource, boolean dryRun, boolean retryable, String manager, boolean applied,
                             boolean fromCache) {
        Current currentKv = current(namespace, name, expected, fromCache);
        ObjectNode old = currentKv.object();
        if (expected != 0 && expected != currentKv.modRevision()) {
            throw conflict(name);
        }
        ObjectNode updated = edit.apply(old);
        if (updated == null || !updated.isObject()) {
            throw new ApiException(Status.badRequest("the patched object is not a JSON object"));
        }
        checkKind(updated);
        ObjectNode meta = Meta.metadata(updated);
        ObjectNode oldMeta = Meta.metadata(old);
        String patchedRv = Meta.string(meta, "resourceVersion");
        if (retryable && patchedRv != null && !patchedRv.isEmpty()
                && !patchedRv.equals(Long.toString(currentKv.modRevision()))) {
            throw conflict(name);
        }
        for (String immutable : List.of("name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
                "deletionGracePeriodSeconds")) {
            JsonNode v = oldMeta.get(immutable);
            if (v == null) {
                meta.remove(immutable);
            } else {
                meta.set(immutable, v);
            }
        }
        meta.remove("selfLink");
        Meta.dropEmpty(meta);
        // namespaces/{name}/finalize changes spec.finalizers only
        JsonNode finalizeTo = "finalize".equals(subresource) ? updated.path("spec").path("finalizers").deepCopy()
                : null;
        if (finalizeTo != null) {
            ObjectNode merged = old.deepCopy();
            updated = merged;
            meta = Meta.metadata(updated);
        } else if ("status".equals(subresource)) {
            ObjectNode merged = Meta.sharingWithout(old, null);
            JsonNode status = updated.get("status");
            if (status == null) {
                merged.remove("status");
            } else {
                merged.set("status", status);
            }
            if (applied) {
                JsonNode managed = meta.get("managedFields");
                if (managed == null) {
                    Meta.metadata(merged).remove("managedFields");
                } else {
                    Meta.metadata(merged).set("managedFields", managed);
                }
            }
            updated = merged;
            meta = Meta.metadata(updated);
        } else if (type.hasStatus() && !"binding".equals(subresource)) {
            // a binding (pods/binding) writes spec.nodeName and the PodScheduled condition together
            JsonNode status = old.get("status");
            if (status == null) {
                updated.remove("status");
            } else {
                updated.set("status", status);
            }
        }
        JsonNode generation = oldMeta.get("generation");
        if (generation != null) {
            boolean specChanged = !Json.sameJson(old.get("spec"), updated.get("spec"));
            long next = generation.asLong() + (specChanged ? 1 : 0);
            // small numbers as int, as the parser reads them back: the returned object matches the stored one
            if (next <= Integer.MAX_VALUE) {
                meta.put("generation", (int) next);
            } else {
                meta.put("generation", next);
            }
        } else if (updated.has("spec")) {
            meta.put("generation", 1);
        }
        type.strategy().prepareForUpdate(updated, old);
        if (finalizeTo != null) {
            ObjectNode spec = updated.get("spec") instanceof ObjectNode sp ? sp : updated.putObject("spec");
            if (finalizeTo.isArray() && !finalizeTo.isEmpty()) {
                spec.set("finalizers", finalizeTo);
            } else {
                spec.remove("finalizers");
            }
        }
        Admission.Attributes attrs = new Admission.Attributes(Admission.Operation.UPDATE, type,
                type.namespaced() ? namespace : null, name, updated, old, dryRun);
        boolean admitted = subresource == null;
        if (admitted) {
            admission.admit(attrs);
        }
        validate(updated, name);
        if (admitted) {
            admission.validate(attrs);
        }
        meta.remove("resourceVersion");
        ObjectNode oldStored = Meta.sharingWithout(old, "resourceVersion");
        if (!applied) {
            fieldManager.update(oldStored, updated, manager, subresource, now());
        }
        boolean unchanged = Json.sameJson(oldStored, updated);
        if ((unchanged || dryRun) && currentKv.cached()) {
            // nothing to write, so no compare-and-swap tells whether the cache lagged: read the datastore
            throw new ConflictRetry();
        }
        if (unchanged) {
            meta.put("resourceVersion", Long.toString(currentKv.modRevision()));
            return updated;
        }
        if (dryRun) {
            meta.put("resourceVersion", Long.toString(currentKv.modRevision()));
            return updated;
        }
        boolean finalized = Meta.isDeleting(updated) && !Meta.hasFinalizers(updated)
                && !(type.strategy() instanceof GracefulDeletion graceful && graceful.holdsDeletion(updated));
        try {
            String ns = type.namespaced() ? namespace : null;
            if (finalized) {
                long rev = backend.delete(type.key(namespace, name), currentKv.modRevision()).revision();
                meta.put("resourceVersion", Long.toString(rev));
                notifyObservers(ns, name, subresource, old, null);
                return updated;
            }
            String key = type.key(namespace, name);
            long rev = store(key, updated, value -> backend.update(key, value, currentKv.modRevision(), 0));
            meta.put("resourceVersion", Long.toString(rev));
            notifyObservers(ns, name, subresource, old, updated);
            return updated;
        } catch (ConflictException e) {
            if (retryable || expected == 0) {
                throw new ConflictRetry();
            }
            throw conflict(name);
        } catch (KeyNotFoundException e) {
            throw notFound(name);
        }
    }

    /**
     * Deletes an object: immediately when it has no finalizers, otherwise by setting its
     * deletionTimestamp (finalizers are added first for Orphan and Foreground propagation).
     * Returns the object as deleted or as marked.
     */
    public ObjectNode delete(String namespace, String name, DeleteOptions opts) {
        for (int attempt = 0; ; attempt++) {
            KeyValue kv = backend.get(type.key(namespace, name), 0).orElseThrow(() -> notFound(name));
            ObjectNode obj = Json.readStored(kv.value());
            ObjectNode meta = Meta.metadata(obj);
            if (opts.preconditionUid() != null && !opts.preconditionUid().equals(Meta.string(meta, "uid"))) {
                throw new ApiException(Status.conflict(type.group(), type.resource(), name,
                        "Precondition failed: UID in precondition: " + opts.preconditionUid() + ", UID in object meta: "
                                + Meta.string(meta, "uid")));
            }
            if (opts.preconditionResourceVersion() != null
                    && !opts.preconditionResourceVersion().equals(Long.toString(kv.modRevision()))) {
                throw new ApiException(Status.conflict(type.group(), type.resource(), name,
                        "Precondition failed: ResourceVersion in precondition: " + opts.preconditionResourceVersion()
                                + ", ResourceVersion in object meta: " + kv.modRevision()));
            }
            boolean finalizersChanged = PropagationFinalizers.apply(meta, opts.propagationPolicy(),
                    PropagationFinalizers.orphansByDefault(type));
            boolean needsMark = Meta.hasFinalizers(obj)
                    || type.strategy() instanceof GracefulDeletion graceful && graceful.holdsDeletion(obj);
            String ns = type.namespaced() ? namespace : null;
            if (attempt == 0) {
                ObjectNode current = Json.readStored(kv.value());
                Meta.metadata(current).put("resourceVersion", Long.toString(kv.modRevision()));
                admission.validate(new Admission.Attributes(Admission.Operation.DELETE, type, ns, name, null,
                        current, opts.dryRun()));
            }
            ObjectNode before = Json.readStored(kv.value());
            try {
                if (!needsMark) {
                    if (opts.dryRun()) {
                        meta.put("resourceVersion", Long.toString(kv.modRevision()));
                        return obj;
                    }
                    long rev = backend.delete(type.key(namespace, name), kv.modRevision()).revision();
                    meta.put("resourceVersion", Long.toString(rev));
                    notifyObservers(ns, name, null, before, null);
                    return obj;
                }
                if (Meta.isDeleting(obj) && !finalizersChanged) {
                    meta.put("resourceVersion", Long.toString(kv.modRevision()));
                    return obj;
                }
                if (!Meta.isDeleting(obj)) {
                    meta.put("deletionTimestamp", now());
                    meta.put("deletionGracePeriodSeconds", opts.gracePeriodSeconds() == null ? 0 : opts.gracePeriodSeconds());
                }
                if (type.strategy() instanceof GracefulDeletion graceful) {
                    graceful.onDeletionMarked(obj);
                }
                if (opts.dryRun()) {
                    meta.put("resourceVersion", Long.toString(kv.modRevision()));
                    return obj;
                }
                String key = type.key(namespace, name);
                long rev = store(key, obj, value -> backend.update(key, value, kv.modRevision(), 0));
                meta.put("resourceVersion", Long.toString(rev));
                notifyObservers(ns, name, null, before, obj);
                return obj;
            } catch (ConflictException e) {
                if (attempt >= PATCH_RETRIES) {
                    throw conflict(name);
                }
            } catch (KeyNotFoundException e) {
                throw notFound(name);
            }
        }
    }

    /** Deletes every object of a list (deletecollection); returns what was deleted or marked. */
    public List<ObjectNode> deleteCollection(String namespace, ListOptions list, DeleteOptions opts) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : list(namespace, new ListOptions(list.filter(), list.selective(), 0, null, null, null)).items()) {
            try {
                out.add(delete(Meta.namespace(o), Meta.name(o), opts));
            } catch (ApiException e) {
                if (e.status().code() != 404) {
                    throw e;
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private void validate(ObjectNode obj, String name) {
        List<Status.Cause> causes = new ArrayList<>();
        List<String> nameErrors = type.strategy().nameIsPathSegment() ? Validation.pathSegment(name)
                : type.strategy().nameIsLabel() ? Validation.dns1123Label(name)
                : Validation.dns1123Subdomain(name);
        for (String err : nameErrors) {
            causes.add(new Status.Cause("FieldValueInvalid", "Invalid value: \"" + name + "\": " + err,
                    "metadata.name"));
        }
        Validation.labels(Meta.labels(obj), causes);
        Validation.annotations(Meta.stringMap(obj, "annotations"), causes);
        causes.addAll(type.strategy().validate(obj));
        if (!causes.isEmpty()) {
            throw invalid(name, causes);
        }
    }

    private void checkKind(ObjectNode obj) {
        String apiVersion = Meta.string(obj, "apiVersion");
        String kind = Meta.string(obj, "kind");
        if (apiVersion != null && !apiVersion.isEmpty() && !apiVersion.equals(type.apiVersion())) {
            throw new ApiException(Status.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + type.apiVersion() + ")"));
        }
        if (kind != null && !kind.isEmpty() && !kind.equals(type.kind())) {
            throw new ApiException(Status.badRequest("the kind in the data (" + kind
                    + ") does not match the expected kind (" + type.kind() + ")"));
        }
        obj.put("apiVersion", type.apiVersion());
        obj.put("kind", type.kind());
        JsonNode meta = obj.get("metadata");
        if (meta != null && !meta.isObject() && !meta.isNull()) {
            throw new ApiException(Status.badRequest("metadata must be an object"));
        }
    }

    private ApiException invalid(String name, List<Status.Cause> causes) {
        return new ApiException(Status.invalid(type.group(), type.kind(), name, causes));
    }

    private ApiException notFound(String name) {
        return new ApiException(Status.notFound(type.group(), type.resource(), name));
    }

    private ApiException conflict(String name) {
        return new ApiException(Status.conflict(type.group(), type.resource(), name,
                "the object has been modified; please apply your changes to the latest version and try again"));
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static long parseRevision(String rv) {
        try {
            long v = Long.parseLong(rv);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ApiException(Status.badRequest("invalid resource version: \"" + rv + "\""));
        }
    }

    private String randomSuffix() {
        RandomGenerator random = names != null ? names : ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            sb.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return sb.toString();
    }
}
