package io.jocker.image.gc;

import io.jocker.image.store.ImageRecord;
import io.jocker.image.store.ImageStore;
import io.jocker.image.store.LayerRecord;
import io.jocker.oci.digest.Digest;
import io.jocker.storage.content.BlobInfo;
import io.jocker.storage.content.ContentStore;
import io.jocker.storage.snapshot.Kind;
import io.jocker.storage.snapshot.SnapshotInfo;
import io.jocker.storage.snapshot.Snapshotter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Removes what no image needs: layer records, snapshots and blobs that an interrupted load,
 * import or removal left behind. Everything reachable from an image record (its config blob, its
 * layer chain, each layer's original blob) stays, and so does every active snapshot the caller
 * says is in use (containers). Run it where no image operation is in flight: at start-up before
 * the API listens, or under the image service's lock. Not thread-safe.
 */
public final class ImageGarbageCollector {
    private final ImageStore images;
    private final ContentStore content;
    private final Snapshotter snapshotter;

    /**
     * What a collection removed.
     *
     * @param layers layer records of no image
     * @param snapshots snapshots of no layer (committed) and leftovers of unpacks (active)
     * @param blobs blobs of no image or layer
     * @param bytes the bytes those blobs took
     */
    public record Report(List<Digest> layers, List<String> snapshots, List<Digest> blobs, long bytes) {
        public boolean isEmpty() {
            return layers.isEmpty() && snapshots.isEmpty() && blobs.isEmpty();
        }
    }

    public ImageGarbageCollector(ImageStore images, ContentStore content, Snapshotter snapshotter) {
        this.images = images;
        this.content = content;
        this.snapshotter = snapshotter;
    }

    /** @param activeInUse keys of active snapshots someone still uses (container roots) */
    public Report collect(Predicate<String> activeInUse) {
        Set<Digest> reachableLayers = new HashSet<>();
        Set<Digest> reachableBlobs = new HashSet<>();
        for (ImageRecord image : images.list()) {
            reachableBlobs.add(image.id());
            reachableLayers.addAll(image.layers());
        }
        List<Digest> removedLayers = new ArrayList<>();
        for (LayerRecord layer : images.layers()) {
            if (reachableLayers.contains(layer.chainId())) {
                reachableBlobs.add(layer.blob());
            } else {
                images.deleteLayer(layer.chainId());
                removedLayers.add(layer.chainId());
            }
        }
        List<String> removedSnapshots = removeSnapshots(reachableLayers, activeInUse);
        List<Digest> removedBlobs = new ArrayList<>();
        long bytes = 0;
        for (BlobInfo blob : content.list()) {
            if (!reachableBlobs.contains(blob.digest()) && content.delete(blob.digest())) {
                removedBlobs.add(blob.digest());
                bytes += blob.size();
            }
        }
        return new Report(removedLayers, removedSnapshots, removedBlobs, bytes);
    }

    /** Unneeded snapshots, children before parents (a snapshot with children cannot go). */
    private List<String> removeSnapshots(Set<Digest> reachableLayers, Predicate<String> activeInUse) {
        Set<String> keep = new HashSet<>();
        reachableLayers.forEach(chain -> keep.add(chain.toString()));
        List<SnapshotInfo> doomed = new ArrayList<>();
        for (SnapshotInfo snapshot : snapshotter.list()) {
            boolean needed = snapshot.kind() == Kind.COMMITTED ? keep.contains(snapshot.name())
                    : activeInUse.test(snapshot.name());
            if (!needed) {
                doomed.add(snapshot);
            }
        }
        List<String> removed = new ArrayList<>();
        boolean progress = true;
        while (!doomed.isEmpty() && progress) {
            progress = false;
            Set<String> parents = new HashSet<>();
            snapshotter.list().forEach(s -> s.parent().ifPresent(parents::add));
            for (SnapshotInfo snapshot : List.copyOf(doomed)) {
                if (!parents.contains(snapshot.name())) {
                    snapshotter.remove(snapshot.name());
                    removed.add(snapshot.name());
                    doomed.remove(snapshot);
                    progress = true;
                }
            }
        }
        return removed;
    }
}
