/**
 * The media types of OCI and Docker image documents and layers, and what they say about a blob:
 * manifest, index, config or layer, and how a layer is compressed. Names follow the OCI image spec
 * (media-types.md) and Docker's image manifest v2 schema 2; the classification follows containerd's
 * {@code core/images/mediatypes.go}.
 */
package io.jocker.oci.mediatype;
