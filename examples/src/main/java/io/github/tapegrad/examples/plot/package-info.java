/**
 * PNG charts (training curves and predictions, a study report's plots), drawn with XChart in headless mode and written
 * atomically, and a palette that stays readable for color-blind readers.
 */
package io.github.tapegrad.examples.plot;
