/** Facts about the host machine (kernel, OS, CPUs, memory, cgroup layout), read from /proc, /sys and /etc. */
package io.jocker.linux.host;
