package io.jocker.image.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.jocker.common.error.EngineException;
import io.jocker.image.store.ImageRecord;
import io.jocker.image.store.ImageStore;
import io.jocker.image.store.LayerRecord;
import io.jocker.oci.config.ChainId;
import io.jocker.oci.config.ImageConfig;
import io.jocker.oci.digest.Digest;
import io.jocker.oci.manifest.Descriptor;
import io.jocker.oci.manifest.ImageIndex;
import io.jocker.oci.manifest.ImageManifest;
import io.jocker.oci.mediatype.Compression;
import io.jocker.oci.mediatype.MediaTypes;
import io.jocker.oci.reference.Reference;
import io.jocker.storage.content.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code docker load}: reads an archive in either layout {@code docker save} writes — the legacy
 * docker-archive (20.10: {@code manifest.json}, {@code <id>.json}, {@code <v1id>/layer.tar}) and
 * the OCI layout with a Docker {@code manifest.json} (Docker ≥ 25: {@code blobs/sha256/…}), or a
 * pure OCI layout ({@code index.json} only) — and stores its images.
 *
 * <p>Order, so that a crash never shows a half image: blobs into the content store while the
 * archive streams in; then per image, each missing layer unpacked and its diff ID checked against
 * the config; the layer records; the image record; the tags last. Leftovers of a failed load are
 * unreferenced blobs and snapshots, which garbage collection removes. Layer blobs are kept as they
 * arrived, so {@code save} sends the same bytes back. Thread-safe if callers serialise loads.
 */
public final class ImageLoader {
    /** manifest.json is a list, which the OCI documents' reader (objects only) refuses. */
    private static final com.fasterxml.jackson.databind.ObjectMapper MANIFEST_READER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final ImageStore images;
    private final ContentStore content;
    private final LayerUnpacker unpacker;
    private final Clock clock;

    /**
     * One image the archive held.
     *
     * @param id the image ID
     * @param tags the tags it now carries from the archive, familiar form ("busybox:1")
     * @param movedFrom images that lost one of those tags to it
     */
    public record Loaded(Digest id, List<String> tags, List<Digest> movedFrom) {}

    public ImageLoader(ImageStore images, ContentStore content, LayerUnpacker unpacker, Clock clock) {
        this.images = images;
        this.content = content;
        this.unpacker = unpacker;
        this.clock = clock;
    }

    public List<Loaded> load(InputStream archive) {
        ArchiveReader reader = ArchiveReader.read(archive, content);
        List<Entry> entries = reader.smallFile("manifest.json").isPresent() ? dockerEntries(reader) : ociEntries(reader);
        if (entries.isEmpty()) {
            throw EngineException.invalidArgument("invalid image archive: it names no image");
        }
        List<Loaded> loaded = new ArrayList<>();
        for (Entry entry : entries) {
            loaded.add(store(reader, entry));
        }
        return loaded;
    }

    /** One image of the archive: its config, its layers' paths and media types, its tags. */
    private record Entry(Digest config, List<Layer> layers, List<String> repoTags, Digest parent) {}

    private record Layer(Digest blob, String mediaType) {}

    private static List<Entry> dockerEntries(ArchiveReader reader) {
        JsonNode manifest;
        try {
            manifest = MANIFEST_READER.readTree(reader.requireSmallFile("manifest.json"));
        } catch (java.io.IOException e) {
            throw EngineException.invalidArgument("invalid image archive: manifest.json: " + e.getMessage(), e);
        }
        if (!manifest.isArray()) {
            throw EngineException.invalidArgument("invalid image archive: manifest.json is not a list");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode item : manifest) {
            String configPath = item.path("Config").asText("");
            Digest config = reader.blob(configPath).orElseThrow(() -> EngineException.invalidArgument(
                    "invalid image archive: config " + configPath + " is missing"));
            List<Layer> layers = new ArrayList<>();
            for (JsonNode layerPath : item.path("Layers")) {
                Digest blob = reader.blob(layerPath.asText()).orElseThrow(() -> EngineException.invalidArgument(
                        "invalid image archive: layer " + layerPath.asText() + " is missing"));
                layers.add(new Layer(blob, null));
            }
            List<String> tags = new ArrayList<>();
            item.path("RepoTags").forEach(tag -> tags.add(tag.asText()));
            // Docker writes the parent image when it saves both; history then names it.
            String parent = item.path("Parent").asText("");
            entries.add(new Entry(config, layers, tags, Digest.isDigest(parent) ? Digest.parse(parent) : null));
        }
        return entries;
    }

    /** A pure OCI layout: index.json → manifests → config and layers, tags from ref-name annotations. */
    private static List<Entry> ociEntries(ArchiveReader reader) {
        byte[] indexBytes = reader.smallFile("index.json").orElseThrow(() -> EngineException.invalidArgument(
                "invalid image archive: neither manifest.json nor index.json found"));
        List<Entry> entries = new ArrayList<>();
        for (Descriptor descriptor : ImageIndex.parse(indexBytes).manifests()) {
            byte[] manifestBytes = reader.requireSmallFile(blobPath(descriptor.digest()));
            if (MediaTypes.isIndex(descriptor.mediaType())) {
                throw EngineException.notImplemented("loading multi-platform indexes from an OCI layout");
            }
            ImageManifest manifest = ImageManifest.parse(manifestBytes);
            List<Layer> layers = new ArrayList<>();
            for (Descriptor layer : manifest.layers()) {
                reader.blob(blobPath(layer.digest())).orElseThrow(() -> EngineException.invalidArgument(
                        "invalid image archive: blob " + layer.digest() + " is missing"));
                layers.add(new Layer(layer.digest(), layer.mediaType()));
            }
            List<String> tags = new ArrayList<>();
            String name = descriptor.annotations() == null ? null : descriptor.annotations().get("io.containerd.image.name");
            if (name != null) {
                tags.add(name);
            }
            entries.add(new Entry(manifest.config().digest(), layers, tags, null));
        }
        return entries;
    }

    private static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }

    private Loaded store(ArchiveReader reader, Entry entry) {
        ImageConfig config = ImageConfig.parse(readBlob(entry.config()));
        List<Digest> diffIds = config.diffIds();
        if (diffIds.size() != entry.layers().size()) {
            throw EngineException.invalidArgument("invalid image archive: image " + config.id() + " has "
                    + entry.layers().size() + " layers but its config lists " + diffIds.size());
        }
        List<Digest> chain = ChainId.all(diffIds);
        for (int i = 0; i < chain.size(); i++) {
            Digest chainId = chain.get(i);
            if (images.layer(chainId).isPresent() && unpacker.exists(chainId)) {
                continue;
            }
            Layer layer = entry.layers().get(i);
            Digest parent = i == 0 ? null : chain.get(i - 1);
            LayerUnpacker.Unpacked unpacked;
            try (InputStream blob = content.open(layer.blob())) {
                unpacked = unpacker.unpack(chainId, parent, blob);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!unpacked.diffId().equals(diffIds.get(i))) {
                unpacker.remove(chainId);
                throw EngineException.invalidArgument("invalid diffID for layer " + i + ": expected " + diffIds.get(i)
                        + ", got " + unpacked.diffId());
            }
            long blobSize = content.info(layer.blob()).map(info -> info.size()).orElse(-1L);
            images.putLayer(new LayerRecord(chainId, diffIds.get(i), parent, layer.blob(),
                    layer.mediaType() != null ? layer.mediaType() : mediaTypeOf(layer.blob()), blobSize, unpacked.size()));
        }
        Optional<ImageRecord> existing = images.get(config.id());
        Digest parent = entry.parent() != null && images.get(entry.parent()).isPresent() ? entry.parent() : null;
        ImageRecord record = existing.orElseGet(() -> new ImageRecord(config.id(), chain, List.of(), parent,
                clock.instant(), null));
        List<String> tags = new ArrayList<>();
        List<Digest> movedFrom = new ArrayList<>();
        if (!entry.repoTags().isEmpty()) {
            record = record.withLastTagTime(clock.instant());
        }
        images.put(record);
        for (String tag : entry.repoTags()) {
            Reference reference = Reference.parse(tag).withDefaultTag();
            images.tags().tag(reference, config.id()).ifPresent(movedFrom::add);
            tags.add(reference.familiarString());
        }
        return new Loaded(config.id(), tags, movedFrom);
    }

    private byte[] readBlob(Digest digest) {
        try (InputStream in = content.open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Legacy archives carry no media types: tell a layer's compression by its first bytes. */
    private String mediaTypeOf(Digest blob) {
        try (InputStream in = content.open(blob)) {
            return switch (Compression.detect(in.readNBytes(8))) {
                case GZIP -> MediaTypes.OCI_LAYER_GZIP;
                case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
                default -> MediaTypes.OCI_LAYER;
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
