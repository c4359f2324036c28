package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Status;
import io.k3j.apiserver.authn.AudienceAuthenticator;
import io.k3j.apiserver.authn.TokenAuthenticator;
import io.k3j.apiserver.authn.UserInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * authentication.k8s.io/v1 TokenReview: whom a bearer token authenticates, by the server's own token
 * authenticator. The tokens are audience-agnostic, like upstream's static tokens: they are valid for the server's
 * API audiences, and a review naming only other audiences does not authenticate. An unknown token is no error: the
 * status says {@code user: {}} and upstream's "invalid bearer token". The request comes back with the status set.
 */
final class TokenReviews implements ReviewHandler.Review {

    private final TokenAuthenticator tokens;
    private final List<String> apiAudiences;

    /** A null authenticator answers every review with an empty status, as upstream without one. */
    TokenReviews(TokenAuthenticator tokens, List<String> apiAudiences) {
        this.tokens = tokens;
        this.apiAudiences = List.copyOf(apiAudiences);
    }

    @Override
    public ObjectNode create(UserInfo caller, ObjectNode body, String namespace) {
        JsonNode spec = body.path("spec");
        String token = AccessReviews.text(spec, "token");
        if (token.isEmpty()) {
            throw new ApiException(Status.badRequest("token is required for TokenReview in authentication"));
        }
        body.set("metadata", AccessReviews.metadata(body));
        ObjectNode status = body.putObject("status");
        if (tokens == null) {
            return body;
        }
        List<String> asked = new ArrayList<>();
        spec.path("audiences").forEach(a -> asked.add(a.asString("")));
        List<String> audiences = asked.isEmpty() ? apiAudiences : asked;
        List<String> valid = apiAudiences.isEmpty() ? List.of()
                : audiences.stream().filter(apiAudiences::contains).toList();
        Optional<UserInfo> user = !apiAudiences.isEmpty() && valid.isEmpty() ? Optional.empty()
                : tokens.authenticateStatic(token);
        if (user.isEmpty() && tokens.audienceTokens().isPresent()) {
            Optional<AudienceAuthenticator.Result> result = tokens.audienceTokens().get().authenticate(token, audiences);
            user = result.map(AudienceAuthenticator.Result::user);
            valid = result.map(AudienceAuthenticator.Result::audiences).orElse(valid);
        }
        if (user.isEmpty()) {
            status.putObject("user");
            status.put("error", "invalid bearer token");
            return body;
        }
        status.put("authenticated", true);
        status.set("user", userInfo(user.get()));
        if (!valid.isEmpty()) {
            ArrayNode auds = status.putArray("audiences");
            valid.forEach(auds::add);
        }
        return body;
    }

    /** authentication.k8s.io/v1 UserInfo: username, uid and extra when set, groups. */
    static ObjectNode userInfo(UserInfo user) {
        ObjectNode ui = io.k3j.api.Json.object();
        ui.put("username", user.name());
        if (!user.uid().isEmpty()) {
            ui.put("uid", user.uid());
        }
        ArrayNode groups = ui.putArray("groups");
        user.groups().forEach(groups::add);
        if (!user.extra().isEmpty()) {
            ObjectNode extra = ui.putObject("extra");
            new java.util.TreeMap<>(user.extra()).forEach((k, v) -> {
                ArrayNode values = extra.putArray(k);
                v.forEach(values::add);
            });
        }
        return ui;
    }
}
