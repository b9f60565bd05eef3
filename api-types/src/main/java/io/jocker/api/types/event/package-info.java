/** Engine API wire records: event. */
package io.jocker.api.types.event;
