/** Config changes given as Dockerfile instructions (import, commit). */
package io.jocker.image.change;
