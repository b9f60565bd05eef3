/** The image resource: list, inspect, history, tag, remove, load, save. */
package io.jocker.api.server.image;
