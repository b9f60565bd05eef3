/** Garbage collection of image storage: what no image, layer or container needs. */
package io.jocker.image.gc;
