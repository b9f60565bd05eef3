package io.jocker.storage.archive;

import io.jocker.linux.fs.FileSystemOps;
import org.junit.jupiter.api.Tag;

/** The hostile layers against the kernel, as the daemon runs them: as root. */
@Tag("root")
class HostileLayerRootTest extends HostileLayerContract {
    @Override
    protected FileSystemOps ops() {
        return FileSystemOps.nativeOps();
    }
}
