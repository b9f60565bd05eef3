/** The system resource: engine identity, versions, host facts and settings as {@code /info} reports them. */
package io.jocker.engine.system;
