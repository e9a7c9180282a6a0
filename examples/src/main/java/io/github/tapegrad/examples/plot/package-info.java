/**
 * PNG line charts of training curves and predictions, drawn with XChart in headless mode and written atomically.
 */
package io.github.tapegrad.examples.plot;
