/**
 * The cell zoo: recurrent cells from the literature, each written as forward code in the {@link
 * io.github.tapegrad.nn.Cell} contract with its paper's equations in the class comment, each checked by
 * CellCheck against a second, per-element statement of those equations. {@link io.github.tapegrad.nn.Cells}
 * names them for the command line.
 */
package io.github.tapegrad.nn.zoo;
