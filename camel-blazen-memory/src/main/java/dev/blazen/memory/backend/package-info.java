/** The storage SPI every memory backend implements, and the entry it stores. */
package dev.blazen.memory.backend;
