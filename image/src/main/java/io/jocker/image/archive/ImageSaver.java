package io.jocker.image.archive;

import io.jocker.image.store.ImageRecord;
import io.jocker.image.store.ImageStore;
import io.jocker.image.store.LayerRecord;
import io.jocker.oci.digest.Digest;
import io.jocker.oci.json.OciJson;
import io.jocker.oci.manifest.Descriptor;
import io.jocker.oci.manifest.ImageIndex;
import io.jocker.oci.manifest.ImageManifest;
import io.jocker.oci.mediatype.MediaTypes;
import io.jocker.oci.reference.Reference;
import io.jocker.storage.content.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code docker save}: writes images as an OCI image layout plus Docker's {@code manifest.json} and
 * {@code repositories}, which Docker 20.10 and newer both load with the same image IDs. Layer blobs
 * are the bytes the image arrived with (never a re-tar of the unpacked files, which would change
 * diff IDs and digests); the config is its original bytes, so the image ID survives. Entries are
 * written in a fixed order with fixed times, so the same images always make the same archive.
 * Thread-safe (holds no state between calls).
 */
public final class ImageSaver {
    private final ImageStore images;
    private final ContentStore content;

    /**
     * One image to save.
     *
     * @param image the image
     * @param tags the tags to write for it (the ones the user named, or all it has when named by ID)
     */
    public record Selection(ImageRecord image, List<Reference> tags) {}

    public ImageSaver(ImageStore images, ContentStore content) {
        this.images = images;
        this.content = content;
    }

    public void save(List<Selection> selections, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        Set<Digest> written = new LinkedHashSet<>();
        List<Descriptor> indexEntries = new ArrayList<>();
        List<Map<String, Object>> dockerManifest = new ArrayList<>();
        Map<String, Map<String, String>> repositories = new LinkedHashMap<>();
        directory(tar, "blobs/");
        directory(tar, "blobs/sha256/");
        for (Selection selection : selections) {
            ImageRecord image = selection.image();
            long configSize = content.info(image.id()).orElseThrow().size();
            Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, image.id(), configSize);
            writeBlob(tar, image.id(), written);
            List<Descriptor> layers = new ArrayList<>();
            List<String> layerPaths = new ArrayList<>();
            for (Digest chainId : image.layers()) {
                LayerRecord layer = images.layer(chainId).orElseThrow(() -> new IOException(
                        "layer " + chainId + " of image " + image.id() + " is missing"));
                layers.add(Descriptor.of(ociLayerType(layer.blobMediaType()), layer.blob(), layer.blobSize()));
                layerPaths.add(blobPath(layer.blob()));
                writeBlob(tar, layer.blob(), written);
            }
            byte[] manifestJson = ImageManifest.oci(config, layers).toJson();
            Digest manifestDigest = Digest.sha256Of(manifestJson);
            writeBytes(tar, blobPath(manifestDigest), manifestJson, written.add(manifestDigest));

            List<String> repoTags = new ArrayList<>();
            for (Reference tag : selection.tags()) {
                repoTags.add(tag.familiarString());
                indexEntries.add(new Descriptor(MediaTypes.OCI_MANIFEST, manifestDigest, manifestJson.length, null,
                        Map.of("io.containerd.image.name", tag.toString(),
                                Descriptor.ANNOTATION_REF_NAME, tag.tag().orElse(Reference.DEFAULT_TAG)),
                        null, null));
                repositories.computeIfAbsent(tag.familiarName(), k -> new LinkedHashMap<>())
                        .put(tag.tag().orElse(Reference.DEFAULT_TAG), image.id().hex());
            }
            if (selection.tags().isEmpty()) {
                indexEntries.add(Descriptor.of(MediaTypes.OCI_MANIFEST, manifestDigest, manifestJson.length));
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("Config", blobPath(image.id()));
            item.put("RepoTags", repoTags.isEmpty() ? null : repoTags);
            item.put("Layers", layerPaths);
            boolean parentSaved = image.parent() != null
                    && selections.stream().anyMatch(other -> other.image().id().equals(image.parent()));
            if (parentSaved) {
                item.put("Parent", image.parent().toString());
            }
            dockerManifest.add(item);
        }
        writeBytes(tar, "index.json", ImageIndex.oci(indexEntries).toJson(), true);
        writeBytes(tar, "manifest.json", OciJson.write(dockerManifest), true);
        writeBytes(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8), true);
        if (!repositories.isEmpty()) {
            writeBytes(tar, "repositories", OciJson.write(repositories), true);
        }
        tar.finish();
        tar.flush();
    }

    /** Docker's layer media types name the same tar formats as OCI's; an OCI layout uses OCI's. */
    private static String ociLayerType(String mediaType) {
        return switch (MediaTypes.compressionOf(mediaType)) {
            case GZIP -> MediaTypes.OCI_LAYER_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
            default -> MediaTypes.OCI_LAYER;
        };
    }

    private void writeBlob(TarArchiveOutputStream tar, Digest digest, Set<Digest> written) throws IOException {
        if (!written.add(digest)) {
            return; // layers shared between the saved images go in once
        }
        long size = content.info(digest).orElseThrow(() -> new IOException("blob " + digest + " is missing")).size();
        TarArchiveEntry entry = fileEntry(blobPath(digest), size);
        tar.putArchiveEntry(entry);
        try (InputStream in = content.open(digest)) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    private static void writeBytes(TarArchiveOutputStream tar, String name, byte[] bytes, boolean write)
            throws IOException {
        if (!write) {
            return;
        }
        tar.putArchiveEntry(fileEntry(name, bytes.length));
        tar.write(bytes);
        tar.closeArchiveEntry();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setMode(040755);
        entry.setModTime(0);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry fileEntry(String name, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(size);
        entry.setMode(0100444);
        entry.setModTime(0);
        return entry;
    }

    private static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }
}
