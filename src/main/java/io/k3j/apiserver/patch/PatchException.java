package io.k3j.apiserver.patch;

/**
 * A patch that is malformed or cannot be applied; the message is user-facing and names exactly what failed.
 *
 * <p>{@link #invalidPatch()} tells the two Kubernetes outcomes apart: a patch document that is not a valid
 * patch at all (HTTP 400 Bad Request) versus a well-formed patch that does not apply to the target document
 * (HTTP 422 Unprocessable Entity).
 */
public final class PatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean invalidPatch;

    /** A well-formed patch that could not be applied to the target (Kubernetes answers 422). */
    public PatchException(String message) {
        this(message, false);
    }

    /** A patch failure; {@code invalidPatch} is true when the patch document itself is malformed (400). */
    public PatchException(String message, boolean invalidPatch) {
        super(message);
        this.invalidPatch = invalidPatch;
    }

    /** True when the patch document itself is malformed (400), false when it failed to apply (422). */
    public boolean invalidPatch() {
        return invalidPatch;
    }
}
