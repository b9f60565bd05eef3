package io.jocker.engine.image;

import io.jocker.common.error.EngineException;
import io.jocker.common.event.Event;
import io.jocker.common.event.EventPublisher;
import io.jocker.image.archive.ImageLoader;
import io.jocker.image.archive.ImageSaver;
import io.jocker.image.archive.LayerUnpacker;
import io.jocker.image.archive.SnapshotLayerUnpacker;
import io.jocker.image.change.ConfigChanges;
import io.jocker.oci.config.ContainerConfig;
import io.jocker.image.gc.ImageGarbageCollector;
import io.jocker.image.store.ImageRecord;
import io.jocker.image.store.ImageStore;
import io.jocker.image.store.LayerRecord;
import io.jocker.oci.config.ImageConfig;
import io.jocker.oci.digest.Digest;
import io.jocker.oci.reference.Reference;
import io.jocker.storage.content.ContentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serves the image resource: list, inspect, history, tag, remove, load, save. Publishes Docker's
 * image events (tag, untag, delete, load, save). Changes to the image set are serialised by one
 * lock (they are rare and quick next to the I/O of a load, which streams into the content store
 * before taking it); reads take no lock and see whole records. Thread-safe.
 */
public final class ImageService {
    private final ImageStore images;
    private final ContentStore content;
    private final LayerUnpacker unpacker;
    private final ImageUsage usage;
    private final EventPublisher events;
    private final Clock clock;
    private final ImageGarbageCollector collector;
    private final ReentrantLock changes = new ReentrantLock();
    /** Parsed configs by image ID: a config never changes once stored, so parse it once. */
    private final java.util.concurrent.ConcurrentMap<Digest, ImageConfig> configs =
            new java.util.concurrent.ConcurrentHashMap<>();

    public ImageService(ImageStore images, ContentStore content, LayerUnpacker unpacker, ImageUsage usage,
            EventPublisher events, Clock clock, ImageGarbageCollector collector) {
        this.images = images;
        this.content = content;
        this.unpacker = unpacker;
        this.usage = usage;
        this.events = events;
        this.clock = clock;
        this.collector = collector;
    }

    /**
     * Removes what an interrupted operation left: layers, snapshots and blobs no image needs.
     * Active snapshots are kept when {@code activeInUse} says a container owns them.
     */
    public ImageGarbageCollector.Report collectGarbage(java.util.function.Predicate<String> activeInUse) {
        changes.lock();
        try {
            return collector.collect(activeInUse);
        } finally {
            changes.unlock();
        }
    }

    /**
     * What {@code docker image prune} removed.
     *
     * @param deleted the untag and delete lines, in order
     * @param spaceReclaimed the unpacked bytes of the layers removed
     */
    public record PruneResult(List<DeleteResult> deleted, long spaceReclaimed) {}

    /**
     * {@code docker image prune}: dangling images (no tag), or with {@code all} every image no
     * container uses; {@code labels} ("key" or "key=value") must all match, {@code notLabels} none,
     * {@code until} keeps images created after it.
     */
    public PruneResult prune(boolean all, Set<String> labels, Set<String> notLabels, Instant until) {
        changes.lock();
        try {
            List<DeleteResult> deleted = new ArrayList<>();
            long before = layerBytes();
            for (ImageRecord record : images.list()) {
                ImageView view = view(record);
                if ((!all && !view.dangling()) || usage.containerUsing(record.id()).isPresent()) {
                    continue;
                }
                Map<String, String> imageLabels = view.config().config().labels() == null ? Map.of()
                        : view.config().config().labels();
                if (!labels.stream().allMatch(l -> hasLabel(imageLabels, l))
                        || notLabels.stream().anyMatch(l -> hasLabel(imageLabels, l))) {
                    continue;
                }
                if (until != null && view.config().createdInstant().map(c -> !c.isBefore(until)).orElse(false)) {
                    continue;
                }
                for (Reference tag : view.tags()) {
                    untag(tag, record.id(), deleted);
                }
                delete(record, false, deleted);
            }
            return new PruneResult(deleted, Math.max(0, before - layerBytes()));
        } finally {
            changes.unlock();
        }
    }

    private static boolean hasLabel(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        return eq < 0 ? labels.containsKey(filter) : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }

    private long layerBytes() {
        return images.layers().stream().mapToLong(LayerRecord::unpackedSize).sum();
    }

    /**
     * The images part of {@code docker system df}.
     *
     * @param images every image
     * @param layersSize the bytes of all layers, each counted once however many images share it
     */
    public record DiskUsage(List<ImageView> images, long layersSize) {}

    public DiskUsage diskUsage() {
        return new DiskUsage(list(), layerBytes());
    }

    public int count() {
        return images.list().size();
    }

    /** The chain ID of an image's top layer (what a container's root snapshot sits on), or null. */
    public Digest topLayer(String imageId) {
        ImageRecord image = images.get(Digest.parse(imageId)).orElseThrow(
                () -> EngineException.notFound("No such image: " + imageId));
        return image.layers().isEmpty() ? null : image.layers().get(image.layers().size() - 1);
    }

    public List<ImageView> list() {
        List<ImageView> views = new ArrayList<>();
        for (ImageRecord record : images.list()) {
            views.add(view(record));
        }
        return views;
    }

    public ImageView inspect(String nameOrId) {
        return view(images.resolve(nameOrId));
    }

    private ImageView view(ImageRecord record) {
        ImageConfig config = configs.computeIfAbsent(record.id(), id -> ImageConfig.parse(readBlob(id)));
        List<Long> sizes = new ArrayList<>();
        for (Digest chainId : record.layers()) {
            sizes.add(images.layer(chainId).map(LayerRecord::unpackedSize).orElse(0L));
        }
        return new ImageView(record.id(), config, images.tags().tagsOf(record.id()), record.repoDigests(),
                record.parent(), record.lastTagTime(), sizes);
    }

    /**
     * One step of {@code docker history}, newest first.
     *
     * @param image the image this step ends, if it is in the store (else the step shows
     *     {@code <missing>}), with its tags
     * @param step the config's history entry
     * @param size the size of the layer the step made, 0 for an empty step
     */
    public record HistoryStep(Optional<ImageView> image, io.jocker.oci.config.History step, long size) {}

    /**
     * {@code docker history}: the config's steps, newest first; the last step of the image and of
     * each parent in the store carries that image's ID, as dockerd shows them.
     */
    public List<HistoryStep> history(String nameOrId) {
        ImageView top = inspect(nameOrId);
        List<io.jocker.oci.config.History> steps = top.config().history();
        List<Long> sizes = new ArrayList<>();
        int layer = 0;
        for (io.jocker.oci.config.History step : steps) {
            sizes.add(step.emptyLayer() || layer >= top.layerSizes().size() ? 0L : top.layerSizes().get(layer++));
        }
        java.util.Map<Integer, ImageView> owners = new java.util.HashMap<>();
        owners.put(steps.size() - 1, top);
        for (Digest parent = top.parent(); parent != null; ) {
            Optional<ImageRecord> record = images.get(parent);
            if (record.isEmpty()) {
                break;
            }
            ImageView view = view(record.get());
            owners.putIfAbsent(view.config().history().size() - 1, view);
            parent = view.parent();
        }
        List<HistoryStep> result = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            result.add(new HistoryStep(Optional.ofNullable(owners.get(i)), steps.get(i), sizes.get(i)));
        }
        return result;
    }

    /** {@code docker tag}: {@code repo} is normalised ({@code docker.io/library/x}), {@code tag} may be empty. */
    public void tag(String source, String repo, String tag) {
        ImageRecord image = images.resolve(source);
        Reference reference = Reference.parse(tag == null || tag.isEmpty() ? repo : repo + ":" + tag);
        if (reference.digest().isPresent()) {
            throw EngineException.invalidArgument("refusing to create a tag with a digest reference");
        }
        reference = reference.withDefaultTag();
        changes.lock();
        try {
            images.tags().tag(reference, image.id());
            images.put(image.withLastTagTime(clock.instant()));
        } finally {
            changes.unlock();
        }
        publish("tag", image.id(), reference.familiarString());
    }

    /**
     * {@code docker rmi}: removes a tag, and the image with its unused layers when no tag is left.
     * By ID, an image with several tags needs {@code force}; an image a container uses needs it too.
     */
    public List<DeleteResult> remove(String nameOrId, boolean force, boolean noPrune) {
        changes.lock();
        try {
            ImageRecord image = images.resolve(nameOrId);
            List<Reference> tags = images.tags().tagsOf(image.id());
            Optional<Reference> named = namedTag(nameOrId, image.id());
            List<DeleteResult> results = new ArrayList<>();
            if (named.isPresent() && (tags.size() > 1 || !image.repoDigests().isEmpty())) {
                untag(named.get(), image.id(), results);
                return results;
            }
            if (named.isEmpty() && tags.size() > 1 && !force) {
                throw EngineException.conflict("conflict: unable to delete " + image.id().shortHex()
                        + " (must be forced) - image is referenced in multiple repositories");
            }
            Optional<String> container = usage.containerUsing(image.id());
            if (container.isPresent() && !force) {
                String what = named.map(r -> "repository reference \"" + r.familiarString() + "\"")
                        .orElse(image.id().shortHex());
                throw EngineException.conflict("conflict: unable to remove " + what + " (must force) - container "
                        + container.get().substring(0, Math.min(12, container.get().length()))
                        + " is using its referenced image " + image.id().shortHex());
            }
            for (Reference tag : tags) {
                untag(tag, image.id(), results);
            }
            if (container.isPresent()) {
                return results; // forced: the tags go, the image stays for its container (as dockerd)
            }
            delete(image, noPrune, results);
            return results;
        } finally {
            changes.unlock();
        }
    }

    /** The tag {@code nameOrId} names, when it names the image by a tag rather than by ID. */
    private Optional<Reference> namedTag(String nameOrId, Digest id) {
        if (Digest.isDigest(nameOrId)) {
            return Optional.empty();
        }
        try {
            Reference reference = Reference.parse(nameOrId);
            if (reference.digest().isEmpty() && images.tags().resolve(reference).filter(id::equals).isPresent()) {
                return Optional.of(reference.withDefaultTag());
            }
        } catch (EngineException e) {
            // not a reference: an ID prefix
        }
        return Optional.empty();
    }

    private void untag(Reference tag, Digest image, List<DeleteResult> results) {
        images.tags().untag(tag);
        results.add(DeleteResult.untagged(tag.familiarString()));
        publish("untag", image, tag.familiarString());
    }

    private void delete(ImageRecord image, boolean noPrune, List<DeleteResult> results) {
        images.delete(image.id());
        configs.remove(image.id());
        results.add(DeleteResult.deleted(image.id().toString()));
        publish("delete", image.id(), image.id().toString());
        Set<Digest> stillUsed = images.layersInUse();
        List<Digest> chain = new ArrayList<>(image.layers());
        java.util.Collections.reverse(chain); // top layer first: a snapshot goes before its parent
        Set<Digest> blobsToCheck = new HashSet<>();
        blobsToCheck.add(image.id());
        for (Digest chainId : chain) {
            if (stillUsed.contains(chainId)) {
                continue;
            }
            Optional<LayerRecord> layer = images.layer(chainId);
            unpacker.remove(chainId);
            images.deleteLayer(chainId);
            layer.ifPresent(l -> blobsToCheck.add(l.blob()));
            results.add(DeleteResult.deleted(chainId.toString()));
        }
        deleteUnreferencedBlobs(blobsToCheck);
    }

    /** Blobs no image (config) and no layer (original bytes) refers to any more. */
    private void deleteUnreferencedBlobs(Set<Digest> candidates) {
        Set<Digest> referenced = new HashSet<>();
        images.list().forEach(i -> referenced.add(i.id()));
        images.layers().forEach(l -> referenced.add(l.blob()));
        for (Digest blob : candidates) {
            if (!referenced.contains(blob)) {
                content.delete(blob);
            }
        }
    }

    /**
     * {@code docker import}: a root file system tarball (plain, gzip or zstd) becomes a one-layer
     * image for this host's platform, its config shaped by {@code changes} (Dockerfile
     * instructions), its history commented with {@code message} (Docker's default: "Imported from
     * -"). The layer blob is kept as it arrived. Publishes an {@code import} event.
     *
     * @param repository "name[:tag]" to tag the image with, or empty
     * @return the new image's ID
     */
    public Digest importImage(InputStream tarball, String repository, String message, List<String> changeLines) {
        Reference tag = repository == null || repository.isEmpty() ? null : Reference.parse(repository).withDefaultTag();
        if (tag != null && tag.digest().isPresent()) {
            throw EngineException.invalidArgument("cannot import digest reference");
        }
        ContainerConfig config = ConfigChanges.apply(ContainerConfig.EMPTY, changeLines);
        changes.lock();
        try {
            try {
                return storeImport(tarball, tag, message, config);
            } catch (RuntimeException e) {
                discardLeftovers();
                throw e;
            }
        } finally {
            changes.unlock();
        }
    }

    /**
     * After a load, or a failed import: blobs and layers no image references, so nothing of a
     * failed operation (and no file of an archive that is not part of an image) stays on disk. Unpacks of other operations cannot be running (they hold
     * the same lock), and snapshots that are not unpack leftovers (containers) are kept.
     */
    private void discardLeftovers() {
        if (collector != null) {
            collector.collect(key -> !SnapshotLayerUnpacker.isUnpackKey(key));
        }
    }

    private Digest storeImport(InputStream tarball, Reference tag, String message, ContainerConfig config) {
        Digest blob;
        try (ContentStore.Writer writer = content.writer("import")) {
            tarball.transferTo(writer);
            blob = writer.commit();
        } catch (IOException e) {
            throw EngineException.invalidArgument("reading the imported tarball: " + e.getMessage(), e);
        }
        LayerUnpacker.Unpacked layer;
        try (InputStream in = content.open(blob)) {
            layer = unpacker.unpackBase(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant now = clock.instant();
        ImageConfig image = ImageConfig.builder()
                .created(now)
                .platform(io.jocker.oci.manifest.Platform.host())
                .config(config)
                .addLayer(layer.diffId(), new io.jocker.oci.config.History(
                        io.jocker.oci.config.History.of(now, "", false).created(), "", "",
                        message == null || message.isEmpty() ? "Imported from -" : message, false))
                .build();
        content.writeBlob(image.rawJson());
        long blobSize = content.info(blob).map(info -> info.size()).orElse(-1L);
        images.putLayer(new LayerRecord(layer.diffId(), layer.diffId(), null, blob, layerMediaType(blob), blobSize,
                layer.size()));
        images.put(new ImageRecord(image.id(), List.of(layer.diffId()), List.of(), null, now,
                tag == null ? null : now));
        if (tag != null) {
            images.tags().tag(tag, image.id());
        }
        publish("import", image.id(), tag == null ? image.id().toString() : tag.familiarString());
        return image.id();
    }

    private String layerMediaType(Digest blob) {
        try (InputStream in = content.open(blob)) {
            return switch (io.jocker.oci.mediatype.Compression.detect(in.readNBytes(8))) {
                case GZIP -> io.jocker.oci.mediatype.MediaTypes.OCI_LAYER_GZIP;
                case ZSTD -> io.jocker.oci.mediatype.MediaTypes.OCI_LAYER_ZSTD;
                default -> io.jocker.oci.mediatype.MediaTypes.OCI_LAYER;
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What {@code jocker system check} found and, with repair, did.
     *
     * @param problems one line per problem: a corrupt or truncated blob, an image whose config,
     *     layer record, layer blob or snapshot is missing
     * @param repairs one line per repair: the images removed and what garbage collection removed
     */
    public record CheckReport(List<String> problems, List<String> repairs) {}

    /**
     * Verifies every blob's digest and every image's parts. With {@code repair}, removes the
     * images that cannot be used any more (with their tags) and the corrupt blobs, then collects
     * what nothing needs; a damaged image must then be loaded or pulled again.
     */
    public CheckReport check(boolean repair) {
        changes.lock();
        try {
            List<String> problems = new ArrayList<>();
            Set<Digest> corrupt = new HashSet<>();
            for (ContentStore.Problem problem : content.check()) {
                problems.add(problem.message());
                corrupt.add(problem.digest());
            }
            List<ImageRecord> broken = new ArrayList<>();
            for (ImageRecord image : images.list()) {
                List<String> found = new ArrayList<>();
                if (!content.contains(image.id()) || corrupt.contains(image.id())) {
                    found.add("image " + image.id() + ": its config blob is missing or corrupt");
                }
                for (Digest chainId : image.layers()) {
                    Optional<LayerRecord> layer = images.layer(chainId);
                    if (layer.isEmpty()) {
                        found.add("image " + image.id() + ": layer " + chainId + " has no record");
                        continue;
                    }
                    if (!content.contains(layer.get().blob()) || corrupt.contains(layer.get().blob())) {
                        found.add("image " + image.id() + ": the blob of layer " + chainId + " is missing or corrupt");
                    }
                    if (!unpacker.exists(chainId)) {
                        found.add("image " + image.id() + ": layer " + chainId + " is not unpacked");
                    }
                }
                if (!found.isEmpty()) {
                    problems.addAll(found);
                    broken.add(image);
                }
            }
            List<String> repairs = new ArrayList<>();
            if (repair) {
                for (ImageRecord image : broken) {
                    List<DeleteResult> results = new ArrayList<>();
                    for (Reference tag : images.tags().tagsOf(image.id())) {
                        untag(tag, image.id(), results);
                    }
                    delete(image, false, results);
                    repairs.add("removed image " + image.id() + " (load or pull it again)");
                }
                for (Digest blob : corrupt) {
                    if (content.delete(blob)) {
                        repairs.add("removed corrupt blob " + blob);
                    }
                }
                if (collector != null) {
                    ImageGarbageCollector.Report report = collector.collect(key -> !SnapshotLayerUnpacker.isUnpackKey(key));
                    report.layers().forEach(l -> repairs.add("removed unused layer " + l));
                    report.snapshots().forEach(n -> repairs.add("removed unused snapshot " + n));
                    report.blobs().forEach(b -> repairs.add("removed unused blob " + b));
                }
            }
            return new CheckReport(problems, repairs);
        } finally {
            changes.unlock();
        }
    }

    /** {@code docker load}. Publishes a {@code load} event per image and a {@code tag} per tag. */
    public List<LoadedImage> load(InputStream archive) {
        changes.lock();
        try {
            List<LoadedImage> result = new ArrayList<>();
            List<ImageLoader.Loaded> loaded;
            try {
                loaded = new ImageLoader(images, content, unpacker, clock).load(archive);
            } finally {
                // Failed or not, the archive's other files (legacy v1 metadata, manifest.json,
                // repositories) went into the content store while it streamed in; no image needs them.
                discardLeftovers();
            }
            for (ImageLoader.Loaded image : loaded) {
                publish("load", image.id(), image.tags().isEmpty() ? image.id().toString() : image.tags().get(0));
                for (String tag : image.tags()) {
                    publish("tag", image.id(), tag);
                }
                result.add(new LoadedImage(image.id().toString(), image.tags()));
            }
            return result;
        } finally {
            changes.unlock();
        }
    }

    /**
     * {@code docker save}: each name is a tag (saved with that tag), or an ID (saved with all its
     * tags). Resolved before anything is written, so an unknown name fails with a clean 404.
     */
    public Saving save(List<String> names) {
        if (names.isEmpty()) {
            throw EngineException.invalidArgument("no images specified");
        }
        Map<Digest, ImageSaver.Selection> selections = new java.util.LinkedHashMap<>();
        for (String name : names) {
            ImageRecord image = images.resolve(name);
            Optional<Reference> tag = namedTag(name, image.id());
            List<Reference> tags = tag.map(List::of).orElseGet(() -> images.tags().tagsOf(image.id()));
            ImageSaver.Selection previous = selections.get(image.id());
            List<Reference> merged = new ArrayList<>(previous == null ? List.of() : previous.tags());
            tags.stream().filter(t -> !merged.contains(t)).forEach(merged::add);
            selections.put(image.id(), new ImageSaver.Selection(image, merged));
        }
        return out -> {
            new ImageSaver(images, content).save(List.copyOf(selections.values()), out);
            selections.values().forEach(s -> publish("save", s.image().id(),
                    s.tags().isEmpty() ? s.image().id().toString() : s.tags().get(0).familiarString()));
        };
    }

    /** A save whose images are resolved, ready to stream. */
    @FunctionalInterface
    public interface Saving {
        void writeTo(OutputStream out) throws IOException;
    }

    private void publish(String action, Digest image, String name) {
        Instant now = clock.instant();
        events.publish(Event.local("image", action, image.toString(), Map.of("name", name),
                now.getEpochSecond() * 1_000_000_000L + now.getNano()));
    }

    private byte[] readBlob(Digest digest) {
        try (InputStream in = content.open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
