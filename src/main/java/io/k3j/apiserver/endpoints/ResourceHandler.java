package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Status;
import io.k3j.apiserver.authn.RequestUser;
import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.authz.Attributes;
import io.k3j.apiserver.authz.Authorizer;
import io.k3j.apiserver.fieldmanager.ApplyPatch;
import io.k3j.apiserver.fieldmanager.ManagerNames;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.patch.JsonPatch;
import io.k3j.apiserver.patch.MergePatch;
import io.k3j.apiserver.patch.PatchException;
import io.k3j.apiserver.patch.StrategicMergePatch;
import io.k3j.apiserver.registry.BuiltinResources;
import io.k3j.apiserver.registry.DeleteOptions;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.ListOptions;
import io.k3j.apiserver.registry.Registry;
import io.k3j.apiserver.registry.ResourceType;
import io.k3j.apiserver.schema.BuiltinTypes;
import io.k3j.apiserver.schema.TypeDef;
import io.k3j.apiserver.table.Tables;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves resource requests (/api/v1/…, /apis/g/v/…): checks the path against the registry,
 * authorizes, and runs the verb on the resource's store, rendering the negotiated output.
 */
public final class ResourceHandler {

    private static final String JSON_PATCH = "application/json-patch+json";
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

    /** A parsed patch body, its media type, and the type of the object it applies to. */
    private record Patch(String mediaType, JsonNode body, TypeDef type) {}

    private final Registry registry;
    private final Authorizer authorizer;
    private final Renderer renderer;
    private final WatchHandler watches;
    private final ReviewHandler reviews;
    private final Clock clock;
    private final EvictionHandler evictions;
    private final TokenRequestHandler tokenRequests;

    public ResourceHandler(Registry registry, Authorizer authorizer, ReviewHandler reviews, Clock clock) {
        this(registry, authorizer, reviews, clock, null);
    }

    /** Also serves {@code serviceaccounts/token} with {@code tokenRequests} (null: not served). */
    public ResourceHandler(Registry registry, Authorizer authorizer, ReviewHandler reviews, Clock clock,
                           TokenRequestHandler tokenRequests) {
        this.tokenRequests = tokenRequests;
        this.registry = registry;
        this.authorizer = authorizer;
        this.renderer = new Renderer(clock);
        this.watches = new WatchHandler(clock);
        this.reviews = reviews;
        this.clock = clock;
        this.evictions = new EvictionHandler(registry, clock);
    }

    public ApiResponse handle(ApiRequest req, RequestInfo info) {
        ApiResponse review = reviews.handle(req, info);
        if (review != null) {
            return review;
        }
        if (info.apiGroup().isEmpty() && info.apiVersion().equals("v1") && "bindings".equals(info.resource())) {
            return BindingHandler.legacy(req, info, registry.store("", "v1", "pods"), authorizer,
                    fieldManager(req, "create"), clock);
        }
        GenericStore store = registry.store(info.apiGroup(), info.apiVersion(), info.resource());
        if (store == null) {
            throw new ApiException(Status.notFound("the server could not find the requested resource"));
        }
        ResourceType type = store.type();
        if (!type.namespaced() && info.namespace() != null) {
            throw new ApiException(Status.notFound("the server could not find the requested resource"));
        }
        String sub = info.subresource();
        if (sub != null && !type.subresources().contains(sub)) {
            throw new ApiException(Status.notFound("the server could not find the requested resource"));
        }
        if ("finalize".equals(sub) && !info.verb().equals("update")) {
            throw new ApiException(Status.methodNotAllowed("the server does not allow this method on the requested"
                    + " resource"));
        }
        if (sub != null && !sub.equals("status") && !sub.equals("scale") && !sub.equals("binding")
                && !sub.equals("finalize") && !sub.equals("eviction")
                && !(sub.equals("token") && tokenRequests != null)) {
            throw new ApiException(Status.methodNotAllowed("the subresource " + sub + " is not supported yet"));
        }
        UserInfo user = req.user().orElseThrow(() -> new ApiException(Status.unauthorized()));
        Attributes attrs = new Attributes(user, info.verb(), true, type.group(), type.resource(), sub,
                info.namespace(), info.name(), info.path());
        if (!authorizer.allowed(attrs)) {
            throw new ApiException(new Status(403, "Forbidden", attrs.forbiddenMessage(),
                    new Status.Details(info.name(), type.group(), type.resource(), null, null)));
        }
        return ScopedValue.where(RequestUser.CURRENT, user).call(() -> dispatch(req, info, store, sub));
    }

    /** Runs the authorized request on the resource's store. */
    private ApiResponse dispatch(ApiRequest req, RequestInfo info, GenericStore store, String sub) {
        ResourceType type = store.type();
        String ns = type.namespaced() ? info.namespace() : null;
        if (type.namespaced() && ns == null && info.name() != null) {
            throw new ApiException(Status.notFound("the server could not find the requested resource"));
        }
        if (type.namespaced() && ns == null && (info.verb().equals("create") || info.verb().equals("deletecollection"))) {
            throw new ApiException(Status.notFound("the server could not find the requested resource"));
        }
        Output out = Output.negotiate(req.header("accept"));
        Tables.IncludeObject include = Renderer.include(req.queryParam("includeObject"));
        String manager = fieldManager(req, info.verb());
        if ("scale".equals(sub)) {
            return scale(req, info, store, ns, manager);
        }
        if ("binding".equals(sub)) {
            if (!info.verb().equals("create")) {
                throw new ApiException(Status.methodNotAllowed("the server does not allow this method on the"
                        + " requested resource"));
            }
            return BindingHandler.bind(store, ns, info.name(), Bodies.object(req, "v1", "Binding"),
                    QueryParams.dryRun(req), manager, clock);
        }
        if ("eviction".equals(sub)) {
            return evictions.evict(req, info, store, ns, manager);
        }
        if ("token".equals(sub)) {
            return tokenRequest(req, info, ns);
        }
        return switch (info.verb()) {
            case "get" -> req.queryParam("resourceVersion") == null || req.queryParam("resourceVersion").isEmpty()
                    ? renderer.object(200, type, store.get(ns, info.name()), out, include)
                    : renderer.cachedObject(200, type, store.getCached(ns, info.name(),
                            req.queryParam("resourceVersion")), out, include);
            case "list" -> renderer.list(type, store.list(ns, QueryParams.listOptions(req, type)), out, include);
            case "watch" -> watches.watch(req, store, ns, QueryParams.listOptions(req, type), out, include);
            case "create" -> {
                ObjectNode body = Bodies.object(req, type.apiVersion(), type.kind());
                List<String> warnings = FieldValidation.of(req, type).check(body);
                ObjectNode created = store.create(ns, body, QueryParams.dryRun(req), manager);
                yield FieldValidation.withWarnings(renderer.object(201, type, created, out, include), warnings);
            }
            case "update" -> {
                ObjectNode body = Bodies.object(req, type.apiVersion(), type.kind());
                List<String> warnings = FieldValidation.of(req, type).check(body);
                ObjectNode updated = store.update(ns, info.name(), body, sub, QueryParams.dryRun(req), manager);
                yield FieldValidation.withWarnings(renderer.object(200, type, updated, out, include), warnings);
            }
            case "patch" -> {
                FieldValidation validation = FieldValidation.of(req, type);
                if (Bodies.mediaType(req).equals(ApplyPatch.MEDIA_TYPE)) {
                    ObjectNode config = ApplyPatch.parse(req.body());
                    List<String> warnings = validation.check(config);
                    GenericStore.Applied applied = store.apply(ns, info.name(), config, sub, QueryParams.dryRun(req),
                            manager, ApplyOptions.force(req));
                    yield FieldValidation.withWarnings(renderer.object(applied.created() ? 201 : 200, type,
                            applied.object(), out, include), warnings);
                }
                List<List<String>> warnings = new ArrayList<>(List.of(List.of()));
                ObjectNode patched = patch(req, store, ns, info.name(), sub, manager, o -> {
                    warnings.set(0, validation.check(o));
                    return o;
                });
                yield FieldValidation.withWarnings(renderer.object(200, type, patched, out, include), warnings.get(0));
            }
            case "delete" -> renderer.object(200, type, store.delete(ns, info.name(), deleteOptions(req)), out,
                    include);
            case "deletecollection" -> deleteCollection(req, store, ns, out, include);
            default -> throw new ApiException(Status.methodNotAllowed("the server does not allow this method on"
                    + " the requested resource"));
        };
    }

    /**
     * The field manager a write is recorded under (null for other verbs): the fieldManager
     * parameter, checked as upstream does (422 naming the verb's options kind), or the
     * User-Agent's product.
     */
    private static String fieldManager(ApiRequest req, String verb) {
        String options = switch (verb) {
            case "create" -> "CreateOptions";
            case "update" -> "UpdateOptions";
            case "patch" -> "PatchOptions";
            default -> null;
        };
        if (options == null) {
            return null;
        }
        String param = req.queryParam("fieldManager");
        List<Status.Cause> causes = new ArrayList<>();
        if (verb.equals("patch")) {
            causes.addAll(ApplyOptions.validate(req, Bodies.mediaType(req).equals(ApplyPatch.MEDIA_TYPE)));
        }
        causes.addAll(ManagerNames.validate(param));
        if (!causes.isEmpty()) {
            throw new ApiException(Status.invalid("meta.k8s.io", options, null, causes));
        }
        return ManagerNames.of(param, req.header("user-agent"));
    }

    /** POST serviceaccounts/{name}/token: a TokenRequest in, the same with its status out. */
    private ApiResponse tokenRequest(ApiRequest req, RequestInfo info, String ns) {
        if (!info.verb().equals("create")) {
            throw new ApiException(Status.methodNotAllowed("the server does not allow this method on the requested"
                    + " resource"));
        }
        ObjectNode body = Bodies.object(req, "authentication.k8s.io/v1", "TokenRequest");
        ObjectNode answer = tokenRequests.create(ns, info.name(), body, QueryParams.dryRun(req));
        ObjectNode out = Json.object();
        out.put("kind", "TokenRequest");
        out.put("apiVersion", "authentication.k8s.io/v1");
        answer.properties().forEach(e -> {
            if (!e.getKey().equals("kind") && !e.getKey().equals("apiVersion")) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return ApiResponse.json(201, Json.bytes(out));
    }

    private ApiResponse scale(ApiRequest req, RequestInfo info, GenericStore store, String ns, String manager) {
        boolean dryRun = QueryParams.dryRun(req);
        ObjectNode scale = switch (info.verb()) {
            case "get" -> ScaleHandler.scaleOf(store.get(ns, info.name()), store.type().strategy().scalePaths());
            case "update" -> {
                ObjectNode body = Bodies.object(req, "autoscaling/v1", "Scale");
                yield ScaleHandler.write(store, ns, info.name(), current -> body, dryRun, manager);
            }
            case "patch" -> {
                if (Bodies.mediaType(req).equals(ApplyPatch.MEDIA_TYPE)) {
                    throw new ApiException(Status.unsupportedMediaType("server-side apply of the scale"
                            + " subresource is not supported"));
                }
                Patch patch = parsePatch(req, true, TypeDef.UNTYPED);
                yield ScaleHandler.write(store, ns, info.name(), current -> applyPatch(patch, current), dryRun,
                        manager);
            }
            default -> throw new ApiException(Status.methodNotAllowed("the server does not allow this method on the"
                    + " requested resource"));
        };
        return ApiResponse.json(200, Json.bytes(scale));
    }

    private ApiResponse deleteCollection(ApiRequest req, GenericStore store, String ns, Output out,
                                         Tables.IncludeObject include) {
        ListOptions opts = QueryParams.listOptions(req, store.type());
        List<ObjectNode> deleted = store.deleteCollection(ns, opts, deleteOptions(req));
        return renderer.list(store.type(), new io.k3j.apiserver.registry.ListPage(deleted,
                registry.backend().currentRevision(), null, null), out, include);
    }


    private ObjectNode patch(ApiRequest req, GenericStore store, String ns, String name, String sub,
                             String manager, UnaryOperator<ObjectNode> check) {
        ResourceType type = store.type();
        Patch patch = parsePatch(req, BuiltinResources.isBuiltin(type),
                BuiltinTypes.forKind(type.group(), type.kind()));
        return store.patch(ns, name, current -> check.apply(applyPatch(patch, current)), sub,
                QueryParams.dryRun(req), manager);
    }

    /**
     * Reads a patch body of one of the accepted media types: JSON patch, merge patch, and for built-in
     * kinds strategic merge patch (custom resources have no patch tags, so upstream refuses it for them).
     */
    private static Patch parsePatch(ApiRequest req, boolean builtin, TypeDef type) {
        String ct = Bodies.mediaType(req);
        List<String> accepted = builtin ? List.of(JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH,
                ApplyPatch.MEDIA_TYPE) : List.of(JSON_PATCH, MERGE_PATCH, ApplyPatch.MEDIA_TYPE);
        if (!accepted.contains(ct)) {
            throw new ApiException(Status.unsupportedMediaType("the body of the request was in an unknown format"
                    + " - accepted media types include: " + String.join(", ", accepted)));
        }
        JsonNode patch = Json.parse(req.body());
        if (ct.equals(JSON_PATCH) && !(patch instanceof ArrayNode)) {
            throw new ApiException(Status.badRequest("json: cannot unmarshal object into Go value of type"
                    + " jsonpatch.Patch"));
        }
        if (ct.equals(MERGE_PATCH) && !patch.isObject()) {
            throw new ApiException(Status.badRequest("the merge patch must be a JSON object"));
        }
        return new Patch(ct, patch, type);
    }

    private static ObjectNode applyPatch(Patch patch, ObjectNode current) {
        try {
            JsonNode result = switch (patch.mediaType()) {
                case JSON_PATCH -> JsonPatch.apply(patch.body(), current);
                case STRATEGIC_MERGE_PATCH -> StrategicMergePatch.apply(patch.body(), current, patch.type());
                default -> MergePatch.apply(patch.body(), current);
            };
            if (!(result instanceof ObjectNode o)) {
                throw new ApiException(Status.badRequest("the patch did not produce a JSON object"));
            }
            return o;
        } catch (PatchException e) {
            throw new ApiException(e.invalidPatch() ? Status.badRequest(e.getMessage())
                    : new Status(422, "Invalid", e.getMessage()));
        }
    }

    private static DeleteOptions deleteOptions(ApiRequest req) {
        String policy = req.queryParam("propagationPolicy");
        Long grace = req.hasQueryParam("gracePeriodSeconds") ? QueryParams.longParam(req, "gracePeriodSeconds", 0)
                : null;
        boolean dryRun = QueryParams.dryRun(req);
        String uid = null;
        String rv = null;
        if (req.body().length > 0) {
            ObjectNode o = Bodies.object(req, "meta.k8s.io/v1", "DeleteOptions");
            if (o.hasNonNull("propagationPolicy")) {
                policy = o.get("propagationPolicy").asString();
            }
            if (o.hasNonNull("orphanDependents")) {
                if (policy != null && !policy.isEmpty()) {
                    throw new ApiException(Status.invalid("meta.k8s.io", "DeleteOptions", null, List.of(
                            new Status.Cause("FieldValueInvalid", "Invalid value: \"" + policy
                                    + "\": orphanDependents and deletionPropagation cannot be both set",
                                    "propagationPolicy"))));
                }
                policy = o.get("orphanDependents").asBoolean() ? "Orphan" : "Background";
            }
            if (o.hasNonNull("gracePeriodSeconds")) {
                grace = o.get("gracePeriodSeconds").asLong();
            }
            JsonNode pre = o.path("preconditions");
            uid = pre.hasNonNull("uid") ? pre.get("uid").asString() : null;
            rv = pre.hasNonNull("resourceVersion") ? pre.get("resourceVersion").asString() : null;
            for (JsonNode d : o.path("dryRun")) {
                if (!"All".equals(d.asString())) {
                    throw new ApiException(Status.badRequest("dryRun: Unsupported value: \"" + d.asString() + "\""));
                }
                dryRun = true;
            }
        }
        if (policy != null && !policy.isEmpty() && !List.of("Orphan", "Background", "Foreground").contains(policy)) {
            throw new ApiException(Status.badRequest("propagationPolicy: Unsupported value: \"" + policy
                    + "\": supported values: \"Foreground\", \"Background\", \"Orphan\""));
        }
        if (grace != null && grace < 0) {
            grace = 0L;
        }
        return new DeleteOptions(grace, policy, uid, rv, dryRun);
    }

}
