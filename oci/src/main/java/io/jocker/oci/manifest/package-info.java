/**
 * The documents a registry serves for an image, with the OCI image spec's field names: {@link
 * io.jocker.oci.manifest.Descriptor}s pointing at blobs, the {@link
 * io.jocker.oci.manifest.ImageManifest} (config plus layers; OCI and Docker schema2 share one shape)
 * and the {@link io.jocker.oci.manifest.ImageIndex} (one manifest per {@link
 * io.jocker.oci.manifest.Platform}; OCI index and Docker manifest list share one shape).
 *
 * <p>Reading ignores unknown fields; writing omits empty optional fields, as the spec's Go types do
 * with {@code omitempty}. A manifest's digest is the sha256 of the bytes fetched or pushed, never of
 * a re-serialisation: keep the bytes alongside the parsed record.
 *
 * <p>See https://github.com/opencontainers/image-spec/blob/main/manifest.md, {@code
 * image-index.md}, {@code descriptor.md}, and containerd's {@code platforms} package for matching.
 */
package io.jocker.oci.manifest;
