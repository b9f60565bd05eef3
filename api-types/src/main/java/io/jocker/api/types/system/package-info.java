/** Engine API wire records: system. */
package io.jocker.api.types.system;
