/** Engine API wire records: images. */
package io.jocker.api.types.image;
