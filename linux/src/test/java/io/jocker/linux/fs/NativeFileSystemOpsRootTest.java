package io.jocker.linux.fs;

import org.junit.jupiter.api.Tag;

/** The contract against the kernel: device nodes, trusted.* xattrs and chown need root. */
@Tag("root")
class NativeFileSystemOpsRootTest extends FileSystemOpsContract {
    @Override
    protected FileSystemOps create() {
        return FileSystemOps.nativeOps();
    }
}
