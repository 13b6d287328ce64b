package dev.blazen.memory.lucene;

import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

import java.io.IOException;

/**
 * Lucene's default codec with the HNSW parameters and vector encoding of a {@link LuceneBackend}. Segments record the
 * name of Lucene's own vector format, so any Lucene 9.12 (and this backend with other settings) reads them back; the
 * parameters only shape what is written from now on.
 */
final class VectorCodec {

    /** Embedding models go past Lucene's default limit of 1024 dimensions (3072 is common); the format has none. */
    static final int MAX_DIMENSIONS = 4096;

    private VectorCodec() {
    }

    static Codec create(VectorEncoding encoding, int maxConn, int beamWidth) {
        KnnVectorsFormat format = encoding == VectorEncoding.INT8
                ? new Lucene99HnswScalarQuantizedVectorsFormat(maxConn, beamWidth)
                : new Lucene99HnswVectorsFormat(maxConn, beamWidth);
        KnnVectorsFormat wide = new Wide(format);
        return new Lucene912Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return wide;
            }
        };
    }

    /** Lucene's format under its own name (so readers find it by name), accepting up to {@link #MAX_DIMENSIONS}. */
    private static final class Wide extends KnnVectorsFormat {
        private final KnnVectorsFormat delegate;

        Wide(KnnVectorsFormat delegate) {
            super(delegate.getName());
            this.delegate = delegate;
        }

        @Override
        public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
            return delegate.fieldsWriter(state);
        }

        @Override
        public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
            return delegate.fieldsReader(state);
        }

        @Override
        public int getMaxDimensions(String fieldName) {
            return MAX_DIMENSIONS;
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
