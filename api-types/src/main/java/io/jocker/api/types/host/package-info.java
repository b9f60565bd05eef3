/** Engine addresses as -H and DOCKER_HOST write them. */
package io.jocker.api.types.host;
