/** Image archives: load (docker-archive, OCI layout) and save (OCI layout plus Docker's manifest.json). */
package io.jocker.image.archive;
