package io.jocker.storage.archive;

import io.jocker.linux.fs.FileSystemOps;
import io.jocker.linux.fs.RecordingFileSystemOps;

/** The hostile layers applied in place, as onto a vfs snapshot's copy of its parent. */
class HostileLayerDeleteModeTest extends HostileLayerContract {
    private final RecordingFileSystemOps fs = new RecordingFileSystemOps();

    @Override
    protected FileSystemOps ops() {
        return fs;
    }

    @Override
    protected LayerApplier.Options options() {
        return LayerApplier.Options.defaults().withWhiteoutMode(WhiteoutMode.DELETE).withReplaceDirectories(true);
    }
}
