/** The engine's event bus and the {@code /events} filter semantics. */
package io.jocker.engine.event;
