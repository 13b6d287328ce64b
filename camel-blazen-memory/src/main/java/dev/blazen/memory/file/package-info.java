/**
 * Append-only files with one writer ({@link dev.blazen.memory.file.AppendOnlyFile}): the lock file, appends that roll
 * back when they fail, fsync policies with group commit, and atomic rewrites for compaction. The JSONL memory backend
 * and the workflow's file checkpoint store keep their own record formats on top of it.
 */
package dev.blazen.memory.file;
