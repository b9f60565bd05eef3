/** Wire shapes of the container endpoints, with Docker's field names. */
package io.jocker.api.types.container;
