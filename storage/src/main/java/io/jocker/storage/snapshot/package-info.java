/**
 * Snapshotters: image layers and container file systems as chains of snapshots, in containerd's
 * model ({@link io.jocker.storage.snapshot.Snapshotter}). Two implementations, under Docker's
 * driver names: "overlay2" (layers as overlayfs lower directories) and "vfs" (full copies), made
 * by {@link io.jocker.storage.snapshot.Snapshotters}.
 *
 * <p>On-disk layout under a snapshotter's root (e.g. {@code /var/lib/jocker/overlay2}):
 * <pre>
 * &lt;root&gt;/
 *   metadata/snapshots/&lt;id&gt;.json      one record per snapshot (RecordStore: versioned, atomic):
 *                                     {"version": 1, "record": {"id": "&lt;id&gt;",
 *                                       "name": "sha256:… | &lt;container id&gt; | extract-…",
 *                                       "kind": "COMMITTED | ACTIVE | VIEW",
 *                                       "parentId": "&lt;id&gt;" | null,
 *                                       "size": bytes measured at commit | null,
 *                                       "created": "2026-01-02T03:04:05.123456Z"}}
 *   metadata/snapshots/.&lt;id&gt;.json.*.tmp  a record write interrupted by a crash; deleted on open
 *   snapshots/&lt;id&gt;/fs                  overlay2: the snapshot's own changes (an overlay upper
 *                                     directory: whiteouts are character devices 0:0, opaque
 *                                     directories carry trusted.overlay.opaque=y);
 *                                     vfs: the snapshot's complete tree
 *   snapshots/&lt;id&gt;/work                overlay2 only: overlayfs's work directory for fs
 * </pre>
 * {@code <id>} is 32 random hex digits, fixed for the snapshot's life: names and keys (chain IDs
 * with their {@code :}, container IDs) live only in the records, and a commit rewrites the record
 * (new name, kind COMMITTED) without touching the directory.
 *
 * <p>Crash safety comes from the order of writes: prepare creates {@code snapshots/<id>} before
 * writing the record, and remove deletes the record before the directory. A directory without a
 * record is therefore garbage from an interrupted prepare or remove, and {@code cleanup()} deletes
 * it on start (after checking nothing is mounted inside). A record is never without its directory.
 *
 * <p>Why these paths and no Docker-style {@code l/} short links: overlays are mounted by
 * {@link io.jocker.linux.mount.Mounter}, which passes each layer separately (fsconfig
 * {@code lowerdir+}, or {@code /proc/self/fd/N}), so the length of a layer path does not matter
 * (reference/host-recipes.md §1).
 */
package io.jocker.storage.snapshot;
