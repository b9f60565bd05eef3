package io.jocker.engine.image;

/**
 * One line of an image removal, as {@code docker rmi} prints it: a tag that was removed or an
 * image or layer that was deleted. Exactly one of the two is set.
 */
public record DeleteResult(String untagged, String deleted) {
    public static DeleteResult untagged(String reference) {
        return new DeleteResult(reference, null);
    }

    public static DeleteResult deleted(String id) {
        return new DeleteResult(null, id);
    }
}
