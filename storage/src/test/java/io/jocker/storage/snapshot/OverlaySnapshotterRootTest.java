package io.jocker.storage.snapshot;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;

@Tag("root")
class OverlaySnapshotterRootTest extends MountedSnapshotterContract {
    @Override
    protected Snapshotter open(Path root) {
        return Snapshotters.overlay(root);
    }
}
