/**
 * The one JSON mapping for OCI and Docker image documents (descriptors, manifests, indexes, image
 * configs), configured the way Go's {@code encoding/json} reads them: unknown fields ignored, keys
 * matched case-insensitively, a single value accepted where a list is expected (Docker's {@code
 * strslice}), trailing data refused. Output sorts map keys, as Go does.
 *
 * <p>Never re-serialise a document to compute its digest: digests name the exact bytes that were
 * read or pushed.
 */
package io.jocker.oci.json;
