/** Users' cells for the tests: classes the examples know nothing of, named by class name with --cell. */
package io.github.tapegrad.examples.cells;
