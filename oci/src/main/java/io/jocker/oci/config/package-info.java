/**
 * The image config: the JSON blob a manifest's {@code config} descriptor points at, with the
 * platform, the defaults for running a container ({@link io.jocker.oci.config.ContainerConfig}), the
 * layers' diff IDs and the build history. One model reads the OCI image config and Docker's
 * container image config; field names are the specs' (OCI {@code config.md}; Docker's capitalised
 * {@code config} keys such as {@code Env} and {@code Healthcheck}).
 *
 * <p>Vocabulary: the <em>image ID</em> is the sha256 of the exact config bytes, so {@link
 * io.jocker.oci.config.ImageConfig} keeps the bytes it was read from and never re-serialises for an
 * ID. A <em>diff ID</em> is the sha256 of a layer's uncompressed tar; a <em>chain ID</em> ({@link
 * io.jocker.oci.config.ChainId}) names a stack of layers.
 */
package io.jocker.oci.config;
