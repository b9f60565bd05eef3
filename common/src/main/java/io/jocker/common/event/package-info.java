/** The event contract: what happened, to which object, when; and the port services publish through. */
package io.jocker.common.event;
