package io.jocker.storage.snapshot;

/**
 * What a snapshot itself occupies, its parents not included (containerd's {@code snapshots.Usage}).
 *
 * @param size bytes of file content: the apparent size of every file, symlink and device node,
 *     each inode counted once however many hard links it has (Docker's {@code directory.Size})
 * @param inodes distinct inodes, directories included
 */
public record Usage(long size, long inodes) {}
