/**
 * The content store: immutable blobs named by their sha256 digest, written through ingests that
 * are verified before they become blobs. {@link io.jocker.storage.content.ContentStore} is the
 * contract; {@link io.jocker.storage.content.ContentStores#local} the implementation on disk.
 *
 * <p>On-disk layout of the local store, under its root (for example {@code /var/lib/jocker/content}):
 *
 * <pre>
 * &lt;root&gt;/blobs/sha256/&lt;64 hex&gt;   a committed blob: its bytes, nothing else. Mode 0444, mtime =
 *                                   commit time. Never modified; only deleted.
 * &lt;root&gt;/ingest/&lt;16 hex&gt;         one write in progress (one file per Writer, random name, so
 *                                   concurrent writers of the same blob never share a file).
 *                                   Gone after commit or abort; leftovers are what a crash left
 *                                   and are deleted when the store opens.
 * </pre>
 *
 * Names under {@code blobs/sha256} that are not 64 lower-case hex digits are not blobs and are
 * ignored. Only the digest names a blob: sizes and times come from the file itself, so there is no
 * index to keep consistent and nothing to rebuild after a crash.
 *
 * <p>Commit, in order:
 *
 * <ol>
 *   <li>flush the writer's buffer; compare size and sha256 (hashed while writing) with what the
 *       caller expects; on a mismatch delete the ingest and fail;
 *   <li>stamp the ingest with the commit time and make it read-only (0444);
 *   <li>fsync the ingest file, so its data is on disk before any name points at it;
 *   <li>link it as {@code blobs/sha256/<hex>}; if that name exists, the blob is already there
 *       (another writer won) and is kept, unless its size is wrong, in which case the verified
 *       ingest is renamed over it;
 *   <li>fsync {@code blobs/sha256}, making the new name durable;
 *   <li>unlink the ingest. A crash before this leaves a second name of the blob in {@code ingest/},
 *       which the next open removes.
 * </ol>
 *
 * A crash at any step leaves either no blob or a complete, verified one. Readers that opened a blob
 * keep reading it after a delete (POSIX unlink semantics).
 */
package io.jocker.storage.content;
