package io.k3j.api;

import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.io.IOContext;
import tools.jackson.core.json.ByteSourceJsonBootstrapper;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.sym.ByteQuadsCanonicalizer;

/**
 * A JSON factory whose table of property names (shared by all parsers of byte input, so that
 * trees share their key strings) is started afresh once it holds {@link #MAX_NAMES} names.
 * Jackson's own table grows to 6,000 names before it starts again, and every parser that meets a
 * name not yet in it copies the whole table; Kubernetes objects carry names of their own (the
 * {@code k:{"ip":…}} keys of managed fields, keys of labels and data), so with thousands of pods
 * nearly every parse made that copy, some 300 KB each. A small table keeps the copy small and
 * still holds the names every object of a kind repeats.
 */
final class BoundedNameJsonFactory extends JsonFactory {

    static final int MAX_NAMES = 512;

    private volatile ByteQuadsCanonicalizer names = ByteQuadsCanonicalizer.createRoot();

    BoundedNameJsonFactory() {
        super(JsonFactory.builder());
    }

    private BoundedNameJsonFactory(BoundedNameJsonFactory base) {
        super(base);
    }

    @Override
    public JsonFactory copy() {
        return new BoundedNameJsonFactory(this);
    }

    @Override
    protected JsonParser _createParser(ObjectReadContext readCtxt, IOContext ioCtxt, byte[] data, int offset,
                                       int len) {
        _checkRangeBoundsForByteArray(data, offset, len);
        ByteQuadsCanonicalizer table = names;
        if (table.size() > MAX_NAMES) {
            table = ByteQuadsCanonicalizer.createRoot();
            names = table;
        }
        return new ByteSourceJsonBootstrapper(ioCtxt, data, offset, len).constructParser(readCtxt,
                readCtxt.getStreamReadFeatures(_streamReadFeatures), readCtxt.getFormatReadFeatures(_formatReadFeatures),
                table, _rootCharSymbols, _factoryFeatures);
    }

    /** The names held now (for tests). */
    int size() {
        return names.size();
    }
}
