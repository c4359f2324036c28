package io.k3j.apiserver;

import io.k3j.Version;
import io.k3j.apiserver.http.ApiRequest;
import io.k3j.apiserver.http.ApiResponse;
import io.k3j.apiserver.http.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Serves /version in upstream's version.Info shape. */
public final class VersionHandler implements Handler {

    private final byte[] body;

    public VersionHandler(Version version) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("major", version.major());
        info.put("minor", version.minor());
        info.put("emulationMajor", version.major());
        info.put("emulationMinor", version.minor());
        info.put("minCompatibilityMajor", version.major());
        info.put("minCompatibilityMinor", Integer.toString(Math.max(0, Integer.parseInt(version.minor()) - 1)));
        info.put("gitVersion", version.gitVersion());
        info.put("gitCommit", "");
        info.put("gitTreeState", "clean");
        info.put("buildDate", version.buildDate());
        info.put("goVersion", "java" + Runtime.version().feature());
        info.put("compiler", "javac");
        info.put("platform", "linux/" + arch());
        this.body = JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsBytes(info);
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        if (!request.method().equals("GET")) {
            return ApiResponse.status(io.k3j.api.Status.methodNotAllowed("only GET is allowed on /version"));
        }
        return ApiResponse.json(200, body);
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return switch (a) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }
}
