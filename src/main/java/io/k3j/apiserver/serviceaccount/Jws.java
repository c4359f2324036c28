package io.k3j.apiserver.serviceaccount;

import io.k3j.api.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compact JSON Web Signatures (RFC 7515) as service account tokens use them: RS256 for RSA keys, ES256 for P-256
 * keys, a {@code kid} naming the key. Stateless.
 */
public final class Jws {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** A token that is not a well-formed JWS, or whose signature no key verifies. */
    public static final class InvalidTokenException extends Exception {
        public InvalidTokenException(String message) {
            super(message);
        }
    }

    private Jws() {
    }

    /** Signs {@code claims} with {@code key}; {@code kid} goes in the header. */
    public static String sign(ObjectNode claims, PrivateKey key, String kid) {
        String alg = algorithm(key);
        ObjectNode header = Json.object().put("alg", alg).put("kid", kid);
        String input = encode(Json.bytes(header)) + "." + encode(Json.bytes(claims));
        try {
            Signature s = Signature.getInstance(javaAlgorithm(alg));
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + encode(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a token with a " + key.getAlgorithm() + " key", e);
        }
    }

    /** The claims of a well-formed token, without checking its signature (to tell which kind of token it is). */
    public static ObjectNode unverifiedClaims(String token) throws InvalidTokenException {
        String[] parts = split(token);
        return object(parts[1]);
    }

    /** The claims of {@code token} once one of {@code keys} (the one its kid names, if any) verifies it. */
    public static ObjectNode verify(String token, List<PublicKey> keys) throws InvalidTokenException {
        String[] parts = split(token);
        ObjectNode header = object(parts[0]);
        String alg = header.path("alg").asString("");
        if (!alg.equals("RS256") && !alg.equals("ES256")) {
            throw new InvalidTokenException("unsupported signing algorithm " + alg);
        }
        byte[] signature = decode(parts[2]);
        byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        String kid = header.path("kid").asString("");
        for (PublicKey key : keys) {
            if (!algorithm(key).equals(alg) || (!kid.isEmpty() && !kid.equals(keyId(key)))) {
                continue;
            }
            try {
                Signature s = Signature.getInstance(javaAlgorithm(alg));
                s.initVerify(key);
                s.update(input);
                if (s.verify(signature)) {
                    return object(parts[1]);
                }
            } catch (GeneralSecurityException e) {
                // a malformed signature for this key: try the next
            }
        }
        throw new InvalidTokenException("invalid signature");
    }

    /** Upstream's key id: the unpadded base64url SHA-256 of the public key's PKIX encoding. */
    public static String keyId(PublicKey key) {
        try {
            return encode(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    private static String algorithm(java.security.Key key) {
        if (key instanceof RSAKey) {
            return "RS256";
        }
        if (key instanceof ECKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
            return "ES256";
        }
        throw new IllegalArgumentException("unsupported service account key type " + key.getAlgorithm());
    }

    private static String javaAlgorithm(String alg) {
        return alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format";
    }

    private static String[] split(String token) throws InvalidTokenException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new InvalidTokenException("not a compact JWS");
        }
        return parts;
    }

    private static byte[] decode(String part) throws InvalidTokenException {
        try {
            return DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("malformed base64url");
        }
    }

    private static ObjectNode object(String part) throws InvalidTokenException {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(decode(part));
        } catch (RuntimeException e) {
            throw new InvalidTokenException("malformed JSON");
        }
        if (!(node instanceof ObjectNode o)) {
            throw new InvalidTokenException("malformed JSON");
        }
        return o;
    }
}
