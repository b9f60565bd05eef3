/**
 * Images, layers and tags, durable as versioned JSON records (see {@code RecordStore}).
 *
 * <pre>
 * &lt;root&gt;/images/&lt;image id hex&gt;.json   ImageRecord: layer chain, repo digests, times
 * &lt;root&gt;/layers/&lt;chain id hex&gt;.json   LayerRecord: diff ID, parent, original blob
 * &lt;root&gt;/tags/repositories.json         every tag → image ID, one record
 * </pre>
 *
 * Config and layer bytes live in the content store, unpacked layers in the snapshotter (named by
 * chain ID). Order of writes: blobs, snapshots, layer records, image record, tags — so a crash at
 * any point leaves only what garbage collection removes.
 */
package io.jocker.image.store;
