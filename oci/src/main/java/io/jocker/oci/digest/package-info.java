/** Content digests (sha256), the names of everything content-addressed. */
package io.jocker.oci.digest;
