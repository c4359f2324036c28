package io.k3j.apiserver.openapi;

import io.k3j.api.Json;
import io.k3j.api.Status;
import io.k3j.apiserver.authn.UserInfo;
import io.k3j.apiserver.authz.Attributes;
import io.k3j.apiserver.authz.Authorizer;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.http.Handler;
import io.k3j.apiserver.registry.ResourceType;
import io.k3j.apiserver.schema.Schema;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves the OpenAPI documents generated from the server's own schema, as kube-openapi's
 * handlers do: {@code /openapi/v2} (Swagger 2.0 as JSON or gnostic protobuf, by Accept; 406 for
 * anything else), {@code /openapi/v3} (the index: each group version's URL with
 * {@code ?hash=<its ETag>}) and {@code /openapi/v3/<api/v1|apis/group/version>} (JSON; 406 for
 * anything else, protobuf included). The ETag is the upper-case hex SHA-512 of the JSON; a
 * matching {@code If-None-Match} gets 304. A group version asked for with the current hash is
 * marked {@code Cache-Control: public, immutable} and expires in a year; a stale hash is
 * redirected (301) to the current one. Every request needs an authenticated user allowed to
 * {@code get} the path (upstream's system:discovery role grants {@code /openapi/*} to
 * system:authenticated).
 *
 * <p>The documents are made on first use and kept while the served resources stay the same (a
 * custom resource registered or removed makes them again), or until {@link #invalidate()}. Should the schema fail to load, every kind is described as a plain object,
 * so that paths, group-version-kinds and parameters are still served. Thread-safe.
 */
public final class OpenApiHandler implements Handler {

    private static final Logger LOG = LoggerFactory.getLogger(OpenApiHandler.class);

    static final String V2_PROTOBUF = "com.github.proto-openapi.spec.v2.v1.0+protobuf";
    static final String V2_PROTOBUF_DEPRECATED = "com.github.proto-openapi.spec.v2@v1.0+protobuf";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
            Locale.US);

    /** One served representation and its ETag (unquoted). */
    record Doc(byte[] body, String etag) {

        static Doc of(byte[] json) {
            return new Doc(json, OpenApiHandler.etag(json));
        }
    }

    /** Everything served, made together from one schema and one set of resources. */
    record Published(List<ResourceType> resources, Doc v2, byte[] v2Protobuf, Doc v3Index, Map<String, Doc> v3,
                     ZonedDateTime made) {
    }

    private final Supplier<Schema> schema;
    private final Supplier<List<ResourceType>> resources;
    private final List<ResourceType> createOnly;
    private final String version;
    private final Authorizer authorizer;
    private final Clock clock;
    private volatile Published published;

    /**
     * @param schema     the API schema (read when the documents are made)
     * @param resources  the served resources
     * @param createOnly resources that only take POST (the review kinds)
     * @param version    the server's version, for the documents' info
     * @param authorizer decides whether a user may read the documents
     */
    public OpenApiHandler(Supplier<Schema> schema, Supplier<List<ResourceType>> resources,
                          List<ResourceType> createOnly, String version, Authorizer authorizer, Clock clock) {
        this.schema = schema;
        this.resources = resources;
        this.createOnly = List.copyOf(createOnly);
        this.version = version;
        this.authorizer = authorizer;
        this.clock = clock;
    }

    /** Drops the documents; the next request makes them again from the current schema and resources. */
    public void invalidate() {
        published = null;
    }

    @Override
    public ApiResponse handle(ApiRequest req) {
        UserInfo user = req.user().orElse(null);
        if (user == null) {
            return ApiResponse.status(Status.unauthorized());
        }
        Attributes a = new Attributes(user, req.method().toLowerCase(Locale.ROOT), false, null, null, null, null,
                null, req.path());
        if (!authorizer.allowed(a)) {
            return ApiResponse.status(Status.forbidden(a.forbiddenMessage()));
        }
        if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
            return ApiResponse.status(Status.methodNotAllowed("the server does not allow this method on the"
                    + " requested resource"));
        }
        Published p;
        try {
            p = published();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("cannot make the OpenAPI documents: {}", e.toString());
            return ApiResponse.status(new Status(503, "ServiceUnavailable",
                    "the OpenAPI documents are not available: " + e.getMessage()));
        }
        String path = req.path();
        if (path.equals("/openapi/v2")) {
            return v2(req, p);
        }
        if (path.equals("/openapi/v3") || path.equals("/openapi/v3/")) {
            return content(req, p.v3Index(), "application/json", p.made(), new LinkedHashMap<>());
        }
        if (path.startsWith("/openapi/v3/")) {
            return v3(req, p, path.substring("/openapi/v3/".length()));
        }
        return ApiResponse.status(Status.notFound("the server could not find the requested resource"));
    }

    private ApiResponse v2(ApiRequest req, Published p) {
        for (String media : accepted(req.header("accept"))) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Vary", "Accept");
            if (matches(media, "json")) {
                return content(req, p.v2(), "application/json", p.made(), headers);
            }
            if (matches(media, V2_PROTOBUF) || matches(media, V2_PROTOBUF_DEPRECATED)) {
                return content(req, new Doc(p.v2Protobuf(), p.v2().etag()), "application/" + V2_PROTOBUF, p.made(),
                        headers);
            }
        }
        return notAcceptable();
    }

    private ApiResponse v3(ApiRequest req, Published p, String groupVersion) {
        Doc doc = p.v3().get(groupVersion);
        if (doc == null) {
            return ApiResponse.status(Status.notFound("the server could not find the requested resource"));
        }
        for (String media : accepted(req.header("accept"))) {
            if (!matches(media, "json")) {
                continue;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Vary", "Accept");
            String hash = req.queryParam("hash");
            if (hash != null && !hash.isEmpty()) {
                if (!hash.equals(doc.etag())) {
                    headers.put("Location", serverRelativeUrl(groupVersion, doc.etag()));
                    headers.put("ETag", quote(doc.etag()));
                    return new ApiResponse(301, "text/html; charset=utf-8", new byte[0], headers);
                }
                headers.put("Cache-Control", "public, immutable");
                headers.put("Expires", HTTP_DATE.format(ZonedDateTime.now(clock).plusYears(1)
                        .withZoneSameInstant(ZoneOffset.UTC)));
            }
            return content(req, doc, "application/json", p.made(), headers);
        }
        return notAcceptable();
    }

    /** 200 with the document, or 304 when the client's If-None-Match names its ETag. */
    private static ApiResponse content(ApiRequest req, Doc doc, String contentType, ZonedDateTime made,
                                       Map<String, String> headers) {
        headers.put("ETag", quote(doc.etag()));
        headers.put("Last-Modified", HTTP_DATE.format(made.withZoneSameInstant(ZoneOffset.UTC)));
        String inm = req.header("if-none-match");
        if (inm != null && etagMatches(inm, doc.etag())) {
            return new ApiResponse(304, contentType, new byte[0], headers);
        }
        byte[] body = req.method().equals("HEAD") ? new byte[0] : doc.body();
        return new ApiResponse(200, contentType, body, headers);
    }

    private static ApiResponse notAcceptable() {
        return new ApiResponse(406, "text/plain; charset=utf-8", new byte[0], Map.of("Vary", "Accept"));
    }

    private Published published() {
        List<ResourceType> current = resources.get();
        Published p = published;
        if (p != null && p.resources().equals(current)) {
            return p;
        }
        synchronized (this) {
            if (published == null || !published.resources().equals(current)) {
                published = make(current);
            }
            return published;
        }
    }

    private Published make(List<ResourceType> current) {
        long t0 = System.nanoTime();
        Schema s;
        try {
            s = schema.get();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("the API schema cannot be read, so OpenAPI describes every kind as a plain object: {}",
                    e.toString());
            s = null;
        }
        List<Paths.Resource> all = new ArrayList<>();
        current.forEach(t -> all.add(new Paths.Resource(t, false)));
        createOnly.forEach(t -> all.add(new Paths.Resource(t, true)));
        ObjectNode v2 = OpenApiV2.document(s, all, version);
        Map<String, Doc> v3 = new LinkedHashMap<>();
        OpenApiV3.documents(s, all, version).forEach((gv, doc) -> v3.put(gv, Doc.of(Json.bytes(doc))));
        ObjectNode index = Json.object();
        ObjectNode paths = index.putObject("paths");
        v3.forEach((gv, doc) -> paths.putObject(gv).put("serverRelativeURL", serverRelativeUrl(gv, doc.etag())));
        Published p = new Published(List.copyOf(current), Doc.of(Json.bytes(v2)), SwaggerProto.encode(v2), Doc.of(Json.bytes(index)), v3,
                ZonedDateTime.now(clock).withNano(0));
        LOG.debug("OpenAPI documents made in {} ms", (System.nanoTime() - t0) / 1_000_000);
        return p;
    }

    static String serverRelativeUrl(String groupVersion, String etag) {
        return "/openapi/v3/" + groupVersion + "?hash=" + URLEncoder.encode(etag, StandardCharsets.UTF_8);
    }

    /** Upstream's ETag: the upper-case hex SHA-512 of the JSON. */
    static String etag(byte[] json) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String etag) {
        return "\"" + etag + "\"";
    }

    private static boolean etagMatches(String ifNoneMatch, String etag) {
        for (String t : ifNoneMatch.split(",")) {
            String v = t.strip();
            if (v.startsWith("W/")) {
                v = v.substring(2);
            }
            if (v.equals("*") || v.equals(quote(etag))) {
                return true;
            }
        }
        return false;
    }

    /** The media ranges of an Accept header, highest quality first (an absent header accepts anything). */
    static List<String> accepted(String accept) {
        record Range(String media, double q, int order) {
        }
        List<Range> ranges = new ArrayList<>();
        String header = accept == null || accept.isBlank() ? "*/*" : accept;
        String[] parts = header.split(",");
        for (int i = 0; i < parts.length; i++) {
            String[] params = parts[i].split(";");
            String media = params[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int j = 1; j < params.length; j++) {
                String[] kv = params[j].strip().split("=", 2);
                if (kv.length == 2 && kv[0].strip().equals("q")) {
                    try {
                        q = Double.parseDouble(kv[1].strip());
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (!media.isEmpty() && q > 0) {
                ranges.add(new Range(media, q, i));
            }
        }
        ranges.sort((x, y) -> x.q() != y.q() ? Double.compare(y.q(), x.q()) : Integer.compare(x.order(), y.order()));
        return ranges.stream().map(Range::media).toList();
    }

    /** Whether a media range admits application/{@code subtype}. */
    private static boolean matches(String range, String subtype) {
        return range.equals("*/*") || range.equals("application/*") || range.equals("application/" + subtype);
    }
}
