/**
 * The file-system half of the privileged seam: device nodes and overlay whiteouts, raw-named
 * extended attributes ({@code trusted.*}, {@code security.*}), numeric owners, full mode bits,
 * symlink-safe times, verbatim symlink targets and in-root path resolution — the calls Java's
 * file API cannot make.
 * {@link io.jocker.linux.fs.FileSystemOps} is the interface; {@code nativeOps()} reaches the kernel
 * through the FFM API and {@link io.jocker.linux.fs.RecordingFileSystemOps} is the in-memory fake
 * for unit tests of the code above.
 */
package io.jocker.linux.fs;
