/**
 * The container engine seen by warren: one {@link dev.warren.engine.Engine} interface with plain records for
 * inputs and outputs, typed failures, and the label rules shared by every driver.
 *
 * <p>Engine words (container, image, volume, exec) stay inside this module; the server translates them into
 * product words (space, template). Drivers live in sub-packages ({@code docker} serves Docker and Podman).
 */
package dev.warren.engine;
