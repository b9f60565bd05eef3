package io.jocker.storage.archive;

import io.jocker.linux.fs.FileSystemOps;
import org.junit.jupiter.api.Tag;

/** The hostile layers applied in place against the kernel, as root: the vfs snapshotter's case. */
@Tag("root")
class HostileLayerDeleteModeRootTest extends HostileLayerContract {
    @Override
    protected FileSystemOps ops() {
        return FileSystemOps.nativeOps();
    }

    @Override
    protected LayerApplier.Options options() {
        return LayerApplier.Options.defaults().withWhiteoutMode(WhiteoutMode.DELETE).withReplaceDirectories(true);
    }
}
