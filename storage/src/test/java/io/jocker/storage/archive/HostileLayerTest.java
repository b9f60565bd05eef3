package io.jocker.storage.archive;

import io.jocker.linux.fs.FileSystemOps;
import io.jocker.linux.fs.RecordingFileSystemOps;

class HostileLayerTest extends HostileLayerContract {
    private final RecordingFileSystemOps fs = new RecordingFileSystemOps();

    @Override
    protected FileSystemOps ops() {
        return fs;
    }
}
