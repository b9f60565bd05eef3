/**
 * Layer tarballs in and out of directories: {@link io.jocker.storage.archive.LayerApplier} unpacks
 * a (gzip, zstd or plain) layer into a snapshot directory, converting whiteouts to overlayfs form
 * (an overlay upper directory) or carrying them out as deletions (a full copy of the parent's
 * tree, {@link io.jocker.storage.archive.WhiteoutMode}), and confining every write and removal to
 * that directory; {@link io.jocker.storage.archive.LayerDiffer} turns
 * an overlay upper directory back into a layer tar. Both return the diff ID, the sha256 of the
 * uncompressed tar stream. Privileged calls (device nodes, trusted.* xattrs, owners, setuid bits)
 * go through {@link io.jocker.linux.fs.FileSystemOps}, so the logic runs in unit tests with
 * {@link io.jocker.linux.fs.RecordingFileSystemOps}.
 *
 * <p>Whiteouts in the two forms:
 * <pre>
 * layer tar                      overlay upper directory
 * dir/.wh.NAME   (empty file)    dir/NAME       character device 0:0
 * dir/.wh..wh..opq (empty file)  dir/           xattr trusted.overlay.opaque = "y"
 * </pre>
 *
 * <p>No on-disk state of its own: the directories written are the snapshotter's.
 */
package io.jocker.storage.archive;
