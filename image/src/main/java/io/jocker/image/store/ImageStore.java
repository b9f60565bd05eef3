package io.jocker.image.store;

import io.jocker.common.error.EngineException;
import io.jocker.oci.digest.Digest;
import io.jocker.oci.reference.Reference;
import io.jocker.storage.metadata.RecordStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's images and layers: durable records (see package doc), looked up the ways users name
 * images. An image record is written only after its config blob and all its layers are stored, and
 * tags only after the image, so a crash never shows a half image. Records are read from disk once,
 * at open, and kept in memory, written through on every change (the store is their only writer):
 * listing 200 images costs no I/O. Thread-safe: records are immutable and each write replaces one
 * file atomically; callers serialise changes to one image.
 */
public final class ImageStore {
    private final RecordStore<ImageRecord> images;
    private final RecordStore<LayerRecord> layers;
    private final TagStore tags;
    private final java.util.concurrent.ConcurrentMap<Digest, ImageRecord> imageCache =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentMap<Digest, LayerRecord> layerCache =
            new java.util.concurrent.ConcurrentHashMap<>();

    private ImageStore(RecordStore<ImageRecord> images, RecordStore<LayerRecord> layers, TagStore tags) {
        this.images = images;
        this.layers = layers;
        this.tags = tags;
        for (String key : images.keys()) {
            images.read(key).ifPresent(record -> imageCache.put(record.id(), record));
        }
        for (String key : layers.keys()) {
            layers.read(key).ifPresent(record -> layerCache.put(record.chainId(), record));
        }
    }

    /** Opens the store under {@code root} (e.g. {@code <data-root>/image}). */
    public static ImageStore open(Path root) {
        return new ImageStore(RecordStore.open(root.resolve("images"), ImageRecord.class, 1),
                RecordStore.open(root.resolve("layers"), LayerRecord.class, 1),
                new TagStore(RecordStore.open(root.resolve("tags"), TagStore.Tags.class, 1)));
    }

    public TagStore tags() {
        return tags;
    }

    public Optional<ImageRecord> get(Digest id) {
        return Optional.ofNullable(imageCache.get(id));
    }

    public void put(ImageRecord image) {
        images.write(image.id().hex(), image);
        imageCache.put(image.id(), image);
    }

    public boolean delete(Digest id) {
        imageCache.remove(id);
        return images.delete(id.hex());
    }

    public List<ImageRecord> list() {
        return new ArrayList<>(imageCache.values());
    }

    public Optional<LayerRecord> layer(Digest chainId) {
        return Optional.ofNullable(layerCache.get(chainId));
    }

    public void putLayer(LayerRecord layer) {
        layers.write(layer.chainId().hex(), layer);
        layerCache.put(layer.chainId(), layer);
    }

    public boolean deleteLayer(Digest chainId) {
        layerCache.remove(chainId);
        return layers.delete(chainId.hex());
    }

    public List<LayerRecord> layers() {
        return new ArrayList<>(layerCache.values());
    }

    /** The chain IDs some image still needs. */
    public Set<Digest> layersInUse() {
        Set<Digest> used = new HashSet<>();
        for (ImageRecord image : list()) {
            used.addAll(image.layers());
        }
        return used;
    }

    /**
     * Finds an image the way dockerd does: a full or short image ID ({@code sha256:…}, hex prefix),
     * a tag ({@code busybox}, {@code busybox:1}) or a digest reference ({@code name@sha256:…}).
     *
     * @throws EngineException NOT_FOUND "No such image: X"
     */
    public ImageRecord resolve(String nameOrId) {
        return find(nameOrId).orElseThrow(() -> EngineException.notFound("No such image: " + shown(nameOrId)));
    }

    /** dockerd names a missing image by its familiar reference with the default tag ("x:latest"). */
    private static String shown(String nameOrId) {
        if (Digest.isDigest(nameOrId) || Reference.isIdLike(nameOrId)) {
            return nameOrId;
        }
        try {
            Reference reference = Reference.parse(nameOrId);
            return reference.digest().isPresent() ? reference.familiarString()
                    : reference.withDefaultTag().familiarString();
        } catch (EngineException e) {
            return nameOrId;
        }
    }

    public Optional<ImageRecord> find(String nameOrId) {
        if (Digest.isDigest(nameOrId)) {
            return get(Digest.parse(nameOrId));
        }
        Optional<ImageRecord> byReference = byReference(nameOrId);
        if (byReference.isPresent()) {
            return byReference;
        }
        Optional<String> prefix = Reference.idPrefix(nameOrId);
        if (prefix.isPresent()) {
            String hex = prefix.get();
            List<ImageRecord> matches = list().stream().filter(i -> i.id().hex().startsWith(hex)).toList();
            if (matches.size() > 1) {
                throw EngineException.notFound("No such image: " + nameOrId);
            }
            return matches.stream().findFirst();
        }
        return Optional.empty();
    }

    private Optional<ImageRecord> byReference(String text) {
        Reference reference;
        try {
            reference = Reference.parse(text);
        } catch (EngineException e) {
            return Optional.empty();
        }
        if (reference.digest().isPresent()) {
            String wanted = reference.nameOnly() + "@" + reference.digest().get();
            return list().stream().filter(i -> i.repoDigests().contains(wanted)).findFirst();
        }
        return tags.resolve(reference).flatMap(this::get);
    }
}
