package io.jocker.image.store;

import io.jocker.oci.digest.Digest;
import io.jocker.oci.reference.Reference;
import io.jocker.storage.metadata.RecordStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Tags ({@code docker.io/library/busybox:latest}) and the image each points to, kept as one
 * durable record (Docker keeps one repositories.json). Every change rewrites the record
 * atomically, so a crash leaves either the old or the new set of tags. Thread-safe.
 */
public final class TagStore {
    private static final String KEY = "repositories";

    /** The record: full reference string → image ID. */
    public record Tags(Map<String, Digest> references) {
        public Tags {
            references = new TreeMap<>(references == null ? Map.of() : references);
        }
    }

    private final RecordStore<Tags> store;
    private Tags tags;
    /** Tags by image, parsed once per change rather than on every listing. */
    private Map<Digest, List<Reference>> byImage = Map.of();

    public TagStore(RecordStore<Tags> store) {
        this.store = store;
        this.tags = store.read(KEY).orElse(new Tags(Map.of()));
        index();
    }

    private void index() {
        Map<Digest, List<Reference>> next = new java.util.HashMap<>();
        tags.references().forEach((reference, id) ->
                next.computeIfAbsent(id, k -> new ArrayList<>()).add(Reference.parse(reference)));
        next.replaceAll((id, list) -> List.copyOf(list));
        byImage = next;
    }

    /**
     * Points {@code reference} (a tag) at {@code image}.
     *
     * @return the image the tag pointed to before, if another one
     */
    public synchronized Optional<Digest> tag(Reference reference, Digest image) {
        Map<String, Digest> next = new TreeMap<>(tags.references());
        Digest previous = next.put(key(reference), image);
        save(next);
        return previous == null || previous.equals(image) ? Optional.empty() : Optional.of(previous);
    }

    /** Removes a tag; true when it existed. */
    public synchronized boolean untag(Reference reference) {
        Map<String, Digest> next = new TreeMap<>(tags.references());
        boolean removed = next.remove(key(reference)) != null;
        if (removed) {
            save(next);
        }
        return removed;
    }

    public synchronized Optional<Digest> resolve(Reference reference) {
        return Optional.ofNullable(tags.references().get(key(reference)));
    }

    /** The tags pointing at {@code image}, sorted. */
    public synchronized List<Reference> tagsOf(Digest image) {
        return byImage.getOrDefault(image, List.of());
    }

    public synchronized Map<String, Digest> all() {
        return Map.copyOf(tags.references());
    }

    private void save(Map<String, Digest> next) {
        Tags updated = new Tags(next);
        store.write(KEY, updated);
        tags = updated;
        index();
    }

    private static String key(Reference reference) {
        return reference.withDefaultTag().toString();
    }
}
