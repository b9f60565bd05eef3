/**
 * The mount half of the privileged seam: overlay and bind mounts, unmounts, and reading the mount
 * table. {@link io.jocker.linux.mount.Mounter} is the interface; {@code Mounter.nativeMounter()}
 * reaches the kernel through the FFM API and {@link io.jocker.linux.mount.RecordingMounter} is the
 * in-memory fake for unit tests of the code above (snapshotters, volumes, the runtime).
 *
 * <p>Why not {@code mount -t overlay -o lowerdir=a:b:c}: mount(2) copies one page of option data,
 * so past 4095 bytes the options are cut silently (reference/host-recipes.md §1, "Option length").
 * Overlays are therefore mounted with the new mount API, one {@code fsconfig("lowerdir+")} per
 * layer, and on kernels before 6.8 with lower layers passed as {@code /proc/self/fd/N}.
 */
package io.jocker.linux.mount;
