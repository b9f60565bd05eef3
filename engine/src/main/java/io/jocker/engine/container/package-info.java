/**
 * The container resource: records, lifecycle state, names, signals, and the ports the engine needs
 * from whatever runs containers ({@link io.jocker.engine.container.ContainerRuntime}) and resolves
 * images ({@link io.jocker.engine.container.ImageLookup}).
 *
 * <p>On disk (a {@link io.jocker.storage.metadata.RecordStore} directory chosen by the wiring,
 * e.g. {@code <data-root>/containers/records/}): one {@code <container-id>.json} per container,
 * {@code {"version":1,"record":{...ContainerRecord...}}}, replaced atomically on every state change.
 */
package io.jocker.engine.container;
