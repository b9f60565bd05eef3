/** How this host runs the engine's containers: snapshots, conmon and runc behind the engine's port. */
package io.jocker.daemon.container;
